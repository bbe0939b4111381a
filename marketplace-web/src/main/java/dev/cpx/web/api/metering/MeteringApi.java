package dev.cpx.web.api.metering;

import dev.cpx.settlement.metering.HeartbeatInput;
import dev.cpx.settlement.metering.HeartbeatReceipt;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.UsageReceipt;
import dev.cpx.settlement.metering.UsageRecordInput;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Metering intake for providers' agents and buyers' probes: usage records and node heartbeats, in batches. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Metering")
class MeteringApi {

    private final MeteringService metering;

    MeteringApi(MeteringService metering) {
        this.metering = metering;
    }

    record UsageRecordRequest(String recordId, Long contractId, String cpid, Instant intervalStart,
                              Instant intervalEnd, Long gpuSeconds) {
    }

    record UsageBatchRequest(@NotNull List<UsageRecordRequest> records) {
    }

    record HeartbeatRequest(String cpid, Instant at, String status, BigDecimal gpuUtilization) {
    }

    record HeartbeatBatchRequest(@NotNull List<HeartbeatRequest> records) {
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
        var records = request.records().stream()
                .map(r -> r == null ? new HeartbeatInput(null, null, null, null)
                        : new HeartbeatInput(r.cpid(), r.at(), r.status(), r.gpuUtilization()))
                .toList();
        return metering.ingestHeartbeats(caller.organization(), records);
    }
}
