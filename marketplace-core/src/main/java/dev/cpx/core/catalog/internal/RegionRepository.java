package dev.cpx.core.catalog.internal;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface RegionRepository extends JpaRepository<RegionEntity, String> {

    List<RegionEntity> findAllByOrderByCode();
}
