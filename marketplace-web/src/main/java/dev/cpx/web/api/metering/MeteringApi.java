package dev.cpx.web.api.metering;

import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.metering.HeartbeatInput;
import dev.cpx.settlement.metering.HeartbeatReceipt;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.UsageReceipt;
import dev.cpx.settlement.metering.UsageRecordInput;
import dev.cpx.web.api.input.BoundedRecords;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/** Metering intake for providers' agents and buyers' probes: usage records and node heartbeats, in batches. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Metering")
class MeteringApi {

    private static final Pattern UTILIZATION_TEXT = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,6})?");

    private final MeteringService metering;

    MeteringApi(MeteringService metering) {
        this.metering = metering;
    }

    record UsageRecordRequest(String recordId, Long contractId, String cpid, Instant intervalStart,
                              Instant intervalEnd, Long gpuSeconds) {
    }

    record UsageBatchRequest(@NotNull @JsonDeserialize(using = UsageRecords.class) List<UsageRecordRequest> records) {
    }

    static final class UsageRecords extends BoundedRecords<UsageRecordRequest> {
        UsageRecords() {
            super(UsageRecordRequest.class, MeteringService.MAX_BATCH);
        }
    }

    static final class Heartbeats extends BoundedRecords<HeartbeatRequest> {
        Heartbeats() {
            super(HeartbeatRequest.class, MeteringService.MAX_BATCH);
        }
    }

    /** {@code gpuUtilization} is a JSON number or a decimal string ("0.72"), both long accepted; nothing else. */
    record HeartbeatRequest(String cpid, Instant at, String status, JsonNode gpuUtilization) {
    }

    record HeartbeatBatchRequest(@NotNull @JsonDeserialize(using = Heartbeats.class) List<HeartbeatRequest> records) {
    }

    @PostMapping("/usage")
    @PreAuthorize(ApiAccess.USAGE)
    @Operation(summary = "Usage records of contracts you provide (source PROVIDER) or bought (source BUYER); at "
            + "most 1000 a request; each bad record is refused on its own; a stored record id is a duplicate")
    UsageReceipt usage(CpxPrincipal caller, @Valid @RequestBody UsageBatchRequest request) {
        var records = request.records().stream()
                .map(r -> r == null ? new UsageRecordInput(null, null, null, null, null, null)
                        : new UsageRecordInput(r.recordId(), r.contractId(), r.cpid(), r.intervalStart(),
                        r.intervalEnd(), r.gpuSeconds()))
                .toList();
        return metering.ingestUsage(caller.organization(), records);
    }

    @PostMapping("/heartbeats")
    @PreAuthorize(ApiAccess.HEARTBEATS)
    @Operation(summary = "Heartbeats of your nodes: status UP, DEGRADED or DOWN, gpuUtilization 0..1; at most 1000")
    HeartbeatReceipt heartbeats(CpxPrincipal caller, @Valid @RequestBody HeartbeatBatchRequest request) {
        var records = new ArrayList<HeartbeatInput>(request.records().size());
        for (int i = 0; i < request.records().size(); i++) {
            var r = request.records().get(i);
            records.add(r == null ? new HeartbeatInput(null, null, null, null)
                    : new HeartbeatInput(r.cpid(), r.at(), r.status(), utilization(i, r.gpuUtilization())));
        }
        return metering.ingestHeartbeats(caller.organization(), records);
    }

    private static BigDecimal utilization(int index, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber() && Double.isFinite(value.doubleValue())) {
            return BigDecimal.valueOf(value.doubleValue());
        }
        if (value.isString() && UTILIZATION_TEXT.matcher(value.asString()).matches()) {
            return new BigDecimal(value.asString());
        }
        String field = "records[" + index + "].gpuUtilization";
        throw new CpxException(ErrorCode.MALFORMED_REQUEST, field + " must be a number from 0 to 1",
                List.of(new FieldError(field, "a number from 0 to 1, such as 0.72")));
    }
}
