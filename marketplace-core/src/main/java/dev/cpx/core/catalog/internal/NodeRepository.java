package dev.cpx.core.catalog.internal;

import dev.cpx.core.catalog.CapacityRow;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface NodeRepository extends JpaRepository<NodeEntity, Long> {

    boolean existsByCpid(String cpid);

    java.util.Optional<NodeEntity> findByCpid(String cpid);

    long countByOrganizationId(long organizationId);

    @Query("select n from NodeEntity n where n.organizationId = :orgId order by n.cpid")
    List<NodeEntity> findByOrganization(@Param("orgId") long organizationId, Pageable page);

    @Query("select n from NodeEntity n order by n.organizationId, n.cpid")
    List<NodeEntity> findAllOrdered(Pageable page);

    @Query("""
            select new dev.cpx.core.catalog.CapacityRow(n.computeClassCode, n.site.regionCode, count(n), sum(n.gpuCount))
            from NodeEntity n where n.organizationId = :orgId and n.status = dev.cpx.core.catalog.NodeStatus.ACTIVE
            group by n.computeClassCode, n.site.regionCode order by n.computeClassCode, n.site.regionCode""")
    List<CapacityRow> capacity(@Param("orgId") long organizationId);
}
