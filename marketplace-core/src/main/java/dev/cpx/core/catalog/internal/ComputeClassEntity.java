package dev.cpx.core.catalog.internal;

import dev.cpx.core.catalog.ComputeClassView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** Reference data, written by migrations only. */
@Entity
@Table(name = "compute_class")
public class ComputeClassEntity {

    @Id
    private String code;
    private String vendor;
    private String model;
    private String architecture;
    @Column(name = "memory_gb")
    private int memoryGb;
    @Column(name = "memory_type")
    private String memoryType;
    @Column(name = "fp16_tflops")
    private BigDecimal fp16Tflops;
    @Column(name = "fp32_tflops")
    private BigDecimal fp32Tflops;
    @Column(name = "memory_bandwidth_gbps")
    private int memoryBandwidthGbps;
    private String interconnect;
    private BigDecimal scu;
    private String source;

    protected ComputeClassEntity() {
    }

    public String code() {
        return code;
    }

    public ComputeClassView view() {
        return new ComputeClassView(code, vendor, model, architecture, memoryGb, memoryType, fp16Tflops, fp32Tflops,
                memoryBandwidthGbps, interconnect, scu, source);
    }
}
