package dev.cpx.core.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OrganizationRepository extends JpaRepository<OrganizationEntity, Long> {

    public Optional<OrganizationEntity> findByCode(String code);

    public List<OrganizationEntity> findAllByOrderByCode();
}
