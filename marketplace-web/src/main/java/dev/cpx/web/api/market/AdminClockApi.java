package dev.cpx.web.api.market;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.demo.DemoClock;
import dev.cpx.web.config.MarketLifecycleJob;
import dev.cpx.web.security.ApiAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Moves the market clock forward in demo and sandbox deployments; the endpoint does not exist otherwise. */
@RestController
@RequestMapping("/api/v1/admin/clock")
@Tag(name = "Admin")
@ConditionalOnBooleanProperty("cpx.demo.enabled")
@PreAuthorize(ApiAccess.PLATFORM_ADMIN)
class AdminClockApi {

    static final Duration MAX_ADVANCE = Duration.ofDays(30);

    private final DemoClock clock;
    private final MarketLifecycleJob lifecycle;

    AdminClockApi(DemoClock clock, MarketLifecycleJob lifecycle) {
        this.clock = clock;
        this.lifecycle = lifecycle;
    }

    record AdvanceRequest(@NotBlank String advanceBy) {
    }

    record ClockResponse(String now) {
    }

    @PostMapping
    @Operation(summary = "Advance the market clock by an ISO-8601 duration (PT1M to P30D); gate closures and "
            + "expiries due by then run at once")
    ClockResponse advance(@RequestBody AdvanceRequest request) {
        Duration by;
        try {
            by = Duration.parse(request.advanceBy());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "advanceBy must be an ISO-8601 duration such as PT24H",
                    List.of(new FieldError("advanceBy", "an ISO-8601 duration")));
        }
        if (by.compareTo(Duration.ofMinutes(1)) < 0 || by.compareTo(MAX_ADVANCE) > 0) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "advanceBy must be between PT1M and P30D",
                    List.of(new FieldError("advanceBy", "between PT1M and P30D")));
        }
        var now = clock.advance(by);
        lifecycle.run();
        return new ClockResponse(now.toString());
    }
}
