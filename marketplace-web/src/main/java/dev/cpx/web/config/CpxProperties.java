package dev.cpx.web.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Every {@code cpx.*} setting, typed and validated at start-up; README lists them. */
@Validated
@ConfigurationProperties("cpx")
public record CpxProperties(
        @NotNull @Pattern(regexp = "[A-Z]{3}") @DefaultValue("USD") String currency,
        @Valid @NotNull @DefaultValue Demo demo,
        @Valid @NotNull @DefaultValue Market market,
        @Valid @NotNull @DefaultValue Security security,
        @Valid @NotNull @DefaultValue Settlement settlement,
        @Valid @NotNull @DefaultValue Payments payments,
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Quotes quotes) {

    /**
     * Quotes: how long one can be accepted, how many class-region-start combinations one may price, how many it
     * lists and keeps to fall back on, and how often each instance re-reads the listed instruments.
     */
    public record Quotes(
            @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("PT60S") Duration ttl,
            @Min(1) @Max(1000000) @DefaultValue("50000") int maxCandidates,
            @Min(1) @Max(10000) @DefaultValue("200") int maxListed,
            @Min(1) @Max(1000) @DefaultValue("20") int maxFallbacks,
            @NotNull @DurationMin(millis = 100) @DefaultValue("PT5S") Duration calendarRefresh) {
    }

    /** Limits on what the API reads: a body longer than {@code maxBodyBytes} is refused with 413 while read. */
    public record Api(@Min(1024) @Max(67108864) @DefaultValue("1048576") long maxBodyBytes) {
    }

    /** Stripe: without a secret key, top-ups are bank transfers that platform finance confirms. */
    public record Payments(
            @DefaultValue("") String stripeSecretKey,
            @DefaultValue("") String stripeWebhookSecret,
            @NotNull @DefaultValue("https://api.stripe.com") String stripeApiBase,
            @Min(100) @DefaultValue("100000000") long maxTopUpMinor) {
    }

    /**
     * Reconciliation tolerance per node-hour (the larger of the two), the provider's fee on rated value, and how
     * long after a period's close its discrepancies may still be disputed.
     */
    public record Settlement(
            @Min(0) @DefaultValue("60") long toleranceGpuSeconds,
            @Min(0) @Max(1000) @DefaultValue("20") int tolerancePermille,
            @Min(0) @Max(1000) @DefaultValue("50") int providerFeeBasisPoints,
            @NotNull @DefaultValue("P14D") Duration disputeWindow) {
    }

    /**
     * Demo mode: loads the demo organizations, logins and keys, and lets the platform admin move the clock. With
     * {@code market} on (the embedded profile's default) a simulated market maker and providers trade every
     * {@code marketTick}. With {@code lifecycle} on (the embedded profile's default), every {@code lifecycleEvery} and
     * after every move of the clock the simulated providers allocate nodes to what they sold and meter its delivery,
     * and daily settlement periods open once their day has ended and close {@code periodGrace} later.
     */
    public record Demo(@DefaultValue("false") boolean enabled, @DefaultValue("false") boolean market,
                       @NotNull @DurationMin(millis = 50) @DurationMax(minutes = 10) @DefaultValue("PT3S")
                       Duration marketTick,
                       @DefaultValue("false") boolean lifecycle,
                       @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("PT30S")
                       Duration lifecycleEvery,
                       @NotNull @DurationMin(seconds = 0) @DurationMax(days = 31) @DefaultValue("P1D")
                       Duration periodGrace) {
    }

    public record Market(
            @Min(1) @Max(90) @DefaultValue("14") int horizonDays,
            @NotNull @DefaultValue("PT1H") Duration gateClosure,
            @Min(1) @Max(1000) @DefaultValue("256") int maxBatch,
            @Min(1) @Max(1000000) @DefaultValue("10000") int queueCapacity,
            @Min(0) @Max(1000) @DefaultValue("50") int buyerFeeBasisPoints,
            @Min(1) @Max(1000000) @DefaultValue("100000") long maxQuantity,
            @Min(1) @Max(100000000) @DefaultValue("10000000") long maxPriceTicks,
            @Min(1) @Max(1000000) @DefaultValue("100000") int maxRestingOrdersPerBook,
            @Min(1) @Max(1000000) @DefaultValue("1000") int maxOpenOrdersPerOrganizationPerBook,
            @Min(1) @Max(1000) @DefaultValue("50") int priceBandPercent,
            @Min(1) @Max(1000000) @DefaultValue("1000") int ordersPerSecondPerOrganization,
            @Min(1) @Max(1000000) @DefaultValue("2000") int orderBurstPerOrganization,
            @NotNull @DefaultValue("PT10S") Duration answerTimeout,
            @NotNull @DefaultValue("PT10S") Duration lease,
            @DefaultValue("") String advertisedAddress) {
    }

    /** Sign-in limits, and how long and how many verified API keys each instance keeps in memory. */
    public record Security(
            @Min(1) @Max(100) @DefaultValue("5") int maxFailedSignIns,
            @NotNull @DefaultValue("PT15M") Duration lockDuration,
            @Min(1) @Max(10000) @DefaultValue("20") int signInAttemptsPerMinute,
            @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 10) @DefaultValue("PT30S")
            Duration apiKeyCacheTtl,
            @Min(1) @Max(1000000) @DefaultValue("10000") int apiKeyCacheMaxSize) {
    }
}
