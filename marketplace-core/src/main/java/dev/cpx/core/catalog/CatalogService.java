package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.ComputeClassEntity;
import dev.cpx.core.catalog.internal.ComputeClassRepository;
import dev.cpx.core.catalog.internal.RegionEntity;
import dev.cpx.core.catalog.internal.RegionRepository;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The taxonomy: compute classes and regions. Reference data changes only with a migration, so each
 * instance reads it once. */
@Service
public class CatalogService {

    private final ComputeClassRepository classes;
    private final RegionRepository regions;
    private volatile List<ComputeClassView> classList;
    private volatile List<RegionView> regionList;

    CatalogService(ComputeClassRepository classes, RegionRepository regions) {
        this.classes = classes;
        this.regions = regions;
    }

    /**
     * The compute classes, read once per instance: they change only with a migration, and a quote or a catalog page
     * asks for them on every request (a shared cache cost a Redis round trip and a deserialization each time).
     */
    public List<ComputeClassView> computeClasses() {
        List<ComputeClassView> known = classList;
        if (known == null) {
            known = classes.findAllByOrderByCode().stream().map(ComputeClassEntity::view).toList();
            classList = known;
        }
        return known;
    }

    /** The regions, read once per instance like the classes. */
    public List<RegionView> regions() {
        List<RegionView> known = regionList;
        if (known == null) {
            known = regions.findAllByOrderByCode().stream().map(RegionEntity::view).toList();
            regionList = known;
        }
        return known;
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
