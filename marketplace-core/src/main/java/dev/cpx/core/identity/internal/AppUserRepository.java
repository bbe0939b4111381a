package dev.cpx.core.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AppUserRepository extends JpaRepository<AppUserEntity, Long> {

    @Query("select u from AppUserEntity u join fetch u.organization where lower(u.email) = lower(:email)")
    public Optional<AppUserEntity> findByEmail(@Param("email") String email);

    boolean existsByEmailIgnoreCase(String email);

    // Counters move with atomic updates: a read-modify-write would lose concurrent failures.
    @Modifying
    @Query("update AppUserEntity u set u.failedSignIns = u.failedSignIns + 1 where lower(u.email) = lower(:email)")
    int incrementFailures(@Param("email") String email);

    @Modifying
    @Query("""
            update AppUserEntity u set u.lockedUntil = :until, u.failedSignIns = 0
            where lower(u.email) = lower(:email) and u.failedSignIns >= :max""")
    int lockWhenOverLimit(@Param("email") String email, @Param("max") int max, @Param("until") Instant until);

    @Modifying
    @Query("update AppUserEntity u set u.failedSignIns = 0, u.lockedUntil = null where lower(u.email) = lower(:email)")
    int resetFailures(@Param("email") String email);
}
