package dev.cpx.core.catalog.internal;

import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "instrument")
public class InstrumentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String symbol;
    @Column(name = "compute_class_code")
    private String computeClassCode;
    @Column(name = "region_code")
    private String regionCode;
    @Column(name = "delivery_start")
    private Instant deliveryStart;
    @Column(name = "delivery_end")
    private Instant deliveryEnd;
    @Column(name = "gate_closure_at")
    private Instant gateClosureAt;
    @Column(name = "created_at")
    private Instant createdAt;

    protected InstrumentEntity() {
    }

    public InstrumentEntity(String symbol, String computeClassCode, String regionCode, Instant deliveryStart,
                            Instant deliveryEnd, Instant gateClosureAt, Instant createdAt) {
        this.symbol = symbol;
        this.computeClassCode = computeClassCode;
        this.regionCode = regionCode;
        this.deliveryStart = deliveryStart;
        this.deliveryEnd = deliveryEnd;
        this.gateClosureAt = gateClosureAt;
        this.createdAt = createdAt;
    }

    public InstrumentView view(Instant now) {
        return new InstrumentView(id, symbol, computeClassCode, regionCode, deliveryStart, deliveryEnd, gateClosureAt,
                InstrumentStatus.at(now, gateClosureAt, deliveryStart, deliveryEnd));
    }
}
