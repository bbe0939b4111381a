package dev.cpx.core.catalog.internal;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ComputeClassRepository extends JpaRepository<ComputeClassEntity, String> {

    List<ComputeClassEntity> findAllByOrderByCode();
}
