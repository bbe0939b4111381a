package dev.cpx.web.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code cpx.invoices.*} settings (README): the tax of invoices by default and per organization code, payment
 * terms, and the platform's details for when the platform organization has no billing profile.
 */
@Validated
@ConfigurationProperties("cpx.invoices")
public record InvoiceProperties(
        @Valid @NotNull @DefaultValue Tax tax,
        @NotNull @DefaultValue Map<String, @Valid Tax> organizations,
        @Min(0) @Max(365) @DefaultValue("30") int paymentTermsDays,
        @NotNull @Size(min = 1, max = 200) @DefaultValue("CPX Compute Power Exchange") String platformLegalName,
        @NotNull @Size(max = 64) @DefaultValue("") String platformTaxId,
        @NotNull @Size(max = 500) @DefaultValue("") String platformAddress) {

    /** A tax rate in basis points of the subtotal (2000 = 20%) and whether a 0% document notes reverse charge. */
    public record Tax(@Min(0) @Max(10000) @DefaultValue("0") int rateBasisPoints,
                      @DefaultValue("true") boolean reverseCharge) {
    }
}
