package dev.cpx.core.catalog.internal;

import dev.cpx.core.catalog.RegionView;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Reference data, written by migrations only. */
@Entity
@Table(name = "region")
public class RegionEntity {

    @Id
    private String code;
    private String name;
    private String country;

    protected RegionEntity() {
    }

    public String code() {
        return code;
    }

    public RegionView view() {
        return new RegionView(code, name, country);
    }
}
