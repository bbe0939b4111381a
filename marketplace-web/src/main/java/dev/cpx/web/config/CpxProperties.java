package dev.cpx.web.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
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
        @Valid @NotNull @DefaultValue Security security) {

    /** Demo mode: loads the demo organizations, logins and keys, and lets the platform admin move the clock. */
    public record Demo(@DefaultValue("false") boolean enabled) {
    }

    public record Market(
            @Min(1) @Max(90) @DefaultValue("14") int horizonDays,
            @NotNull @DefaultValue("PT1H") Duration gateClosure) {
    }

    public record Security(
            @Min(1) @Max(100) @DefaultValue("5") int maxFailedSignIns,
            @NotNull @DefaultValue("PT15M") Duration lockDuration,
            @Min(1) @Max(10000) @DefaultValue("20") int signInAttemptsPerMinute) {
    }
}
