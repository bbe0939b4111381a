package dev.cpx.core.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, Long> {

    @Query("select k from ApiKeyEntity k join fetch k.organization where k.secretSha256 = :hash")
    public Optional<ApiKeyEntity> findBySecretHash(@Param("hash") String hash);

    @Query("select k from ApiKeyEntity k where k.organization.id = :orgId order by k.createdAt desc")
    public List<ApiKeyEntity> findByOrganization(@Param("orgId") long organizationId);

    @Query("select k from ApiKeyEntity k where k.id = :id and k.organization.id = :orgId")
    public Optional<ApiKeyEntity> findOwned(@Param("id") long id, @Param("orgId") long organizationId);

    @Query("select count(k) from ApiKeyEntity k where k.organization.id = :orgId and k.revokedAt is null")
    long countActive(@Param("orgId") long organizationId);

    @Modifying
    @Query("update ApiKeyEntity k set k.lastUsedAt = :at where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :before)")
    int touch(@Param("id") long id, @Param("at") Instant at, @Param("before") Instant before);
}
