package dev.cpx.core.catalog.internal;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface SiteRepository extends JpaRepository<SiteEntity, Long> {

    Optional<SiteEntity> findByOrganizationIdAndCode(long organizationId, String code);
}
