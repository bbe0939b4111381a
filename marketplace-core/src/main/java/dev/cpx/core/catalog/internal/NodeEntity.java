package dev.cpx.core.catalog.internal;

import dev.cpx.core.catalog.NodeStatus;
import dev.cpx.core.catalog.NodeView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "node")
public class NodeEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String cpid;
    @Column(name = "organization_id")
    private long organizationId;
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "site_id")
    private SiteEntity site;
    @Column(name = "compute_class_code")
    private String computeClassCode;
    @Column(name = "gpu_count")
    private int gpuCount;
    @Enumerated(EnumType.STRING)
    private NodeStatus status;
    @Column(name = "registered_at")
    private Instant registeredAt;
    @Version
    private long version;

    protected NodeEntity() {
    }

    public NodeEntity(String cpid, long organizationId, SiteEntity site, String computeClassCode, int gpuCount,
                      Instant registeredAt) {
        this.cpid = cpid;
        this.organizationId = organizationId;
        this.site = site;
        this.computeClassCode = computeClassCode;
        this.gpuCount = gpuCount;
        this.status = NodeStatus.ACTIVE;
        this.registeredAt = registeredAt;
    }

    public NodeView view(String providerCode) {
        return new NodeView(id, cpid, providerCode, computeClassCode, site.regionCode(), site.code(), gpuCount, status,
                registeredAt);
    }

    public void retire() {
        this.status = dev.cpx.core.catalog.NodeStatus.RETIRED;
    }

    public long id() {
        return id;
    }

    public int gpuCount() {
        return gpuCount;
    }

    public String computeClassCode() {
        return computeClassCode;
    }

    public SiteEntity site() {
        return site;
    }

    public dev.cpx.core.catalog.NodeStatus status() {
        return status;
    }

    public long organizationId() {
        return organizationId;
    }
}
