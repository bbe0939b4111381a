package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.ComputeClassEntity;
import dev.cpx.core.catalog.internal.ComputeClassRepository;
import dev.cpx.core.catalog.internal.RegionEntity;
import dev.cpx.core.catalog.internal.RegionRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The taxonomy: compute classes and regions. Reference data changes only with a migration, so it is cached. */
@Service
public class CatalogService {

    public static final String CLASSES_CACHE = "compute-classes";
    public static final String REGIONS_CACHE = "regions";

    private final ComputeClassRepository classes;
    private final RegionRepository regions;

    CatalogService(ComputeClassRepository classes, RegionRepository regions) {
        this.classes = classes;
        this.regions = regions;
    }

    @Cacheable(CLASSES_CACHE)
    @Transactional(readOnly = true)
    public List<ComputeClassView> computeClasses() {
        return classes.findAllByOrderByCode().stream().map(ComputeClassEntity::view).toList();
    }

    @Cacheable(REGIONS_CACHE)
    @Transactional(readOnly = true)
    public List<RegionView> regions() {
        return regions.findAllByOrderByCode().stream().map(RegionEntity::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ComputeClassView> computeClass(String code) {
        return code == null ? Optional.empty() : classes.findById(code).map(ComputeClassEntity::view);
    }

    @Transactional(readOnly = true)
    public Optional<RegionView> region(String code) {
        return code == null ? Optional.empty() : regions.findById(code).map(RegionEntity::view);
    }
}
