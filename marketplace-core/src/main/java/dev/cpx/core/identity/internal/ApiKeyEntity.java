package dev.cpx.core.identity.internal;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;

@Entity
@Table(name = "api_key")
public class ApiKeyEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "organization_id")
    private OrganizationEntity organization;
    private String name;
    @Column(name = "display_prefix")
    private String displayPrefix;
    @Column(name = "secret_sha256")
    private String secretSha256;
    private String permissions;
    @Column(name = "created_by")
    private Long createdBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKeyEntity() {
    }

    public ApiKeyEntity(OrganizationEntity organization, String name, String displayPrefix, String secretSha256,
                 Set<ApiKeyPermission> permissions, Long createdBy, Instant createdAt) {
        this.organization = organization;
        this.name = name;
        this.displayPrefix = displayPrefix;
        this.secretSha256 = secretSha256;
        this.permissions = ApiKeyPermission.format(permissions);
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public OrganizationEntity organization() {
        return organization;
    }

    public String secretSha256() {
        return secretSha256;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    public ApiKeyView view() {
        return new ApiKeyView(id, name, displayPrefix, ApiKeyPermission.parse(permissions), createdAt, lastUsedAt,
                revokedAt);
    }
}
