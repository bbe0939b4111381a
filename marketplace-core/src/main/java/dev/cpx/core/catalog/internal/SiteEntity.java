package dev.cpx.core.catalog.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A provider's data centre in one region; created the first time a node names it. */
@Entity
@Table(name = "site")
public class SiteEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "organization_id")
    private long organizationId;
    @Column(name = "region_code")
    private String regionCode;
    private String code;
    private String name;
    @Column(name = "created_at")
    private Instant createdAt;

    protected SiteEntity() {
    }

    public SiteEntity(long organizationId, String regionCode, String code, Instant createdAt) {
        this.organizationId = organizationId;
        this.regionCode = regionCode;
        this.code = code;
        this.name = code;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String regionCode() {
        return regionCode;
    }

    public String code() {
        return code;
    }
}
