package dev.cpx.core.catalog;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A standard compute class. {@code scu} is standard compute units per GPU: dense FP16/BF16 TFLOPS / 100,
 * so offers on different hardware compare by price per SCU-hour.
 */
public record ComputeClassView(String code, String vendor, String model, String architecture, int memoryGb,
                               String memoryType, BigDecimal fp16Tflops, BigDecimal fp32Tflops,
                               int memoryBandwidthGbps, String interconnect, BigDecimal scu, String source)
        implements Serializable {
}
