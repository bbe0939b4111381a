package dev.cpx.core.identity.internal;

import dev.cpx.core.identity.OrganizationView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

@Entity
@Table(name = "organization")
public class OrganizationEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String code;
    private String name;
    private boolean buyer;
    private boolean provider;
    private boolean platform;
    @Column(name = "credit_limit_minor")
    private long creditLimitMinor;
    @Column(name = "created_at")
    private Instant createdAt;
    @Version
    private long version;

    protected OrganizationEntity() {
    }

    public OrganizationEntity(String code, String name, boolean buyer, boolean provider, boolean platform,
                       long creditLimitMinor, Instant createdAt) {
        this.code = code;
        this.name = name;
        this.buyer = buyer;
        this.provider = provider;
        this.platform = platform;
        this.creditLimitMinor = creditLimitMinor;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public OrganizationView view() {
        return new OrganizationView(id, code, name, buyer, provider, platform, creditLimitMinor);
    }
}
