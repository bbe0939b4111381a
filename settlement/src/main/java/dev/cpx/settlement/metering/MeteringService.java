package dev.cpx.settlement.metering;

import dev.cpx.core.catalog.NodeLiveness;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.metering.internal.HeartbeatStore;
import dev.cpx.settlement.metering.internal.UsageBatch;
import dev.cpx.settlement.metering.internal.UsageStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes usage records and heartbeats from providers' agents and buyers. Each record is checked on its own; the
 * good ones of a batch are stored together in one transaction, the bad ones are returned with a reason, and a
 * record already stored is a duplicate that changes nothing.
 */
@Service
public class MeteringService {

    public static final int MAX_BATCH = 1000;
    /** A node that has not reported for this long counts as down, whatever it said last. */
    public static final Duration SILENCE_MEANS_DOWN = NodeLiveness.SILENCE_LIMIT;
    /** Heartbeats may be this far ahead of the platform clock (agents' clocks drift). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Set<String> STATUSES = Set.of("UP", "DEGRADED", "DOWN");

    private final UsageStore usage;
    private final HeartbeatStore heartbeats;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final NodeLiveness liveness;

    MeteringService(UsageStore usage, HeartbeatStore heartbeats, PlatformTransactionManager transactionManager,
                    Clock clock, NodeLiveness liveness) {
        this.usage = usage;
        this.heartbeats = heartbeats;
        this.liveness = liveness;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public UsageReceipt ingestUsage(OrganizationView sender, List<UsageRecordInput> records) {
        requireBatch(records);
        try {
            return transactions.execute(status -> ingestOnce(sender, records));
        } catch (DuplicateKeyException concurrentCopy) {
            // The same records arrived through another request meanwhile: now they are duplicates.
            return transactions.execute(status -> ingestOnce(sender, records));
        }
    }

    private UsageReceipt ingestOnce(OrganizationView sender, List<UsageRecordInput> records) {
        UsageBatch batch = usage.prepare(sender.id(), records);
        var rejected = new ArrayList<Rejection>();
        int duplicates = 0;
        for (int i = 0; i < records.size(); i++) {
            UsageRecordInput record = records.get(i);
            var verdict = batch.check(record, clock.instant());
            switch (verdict) {
                case UsageBatch.Verdict.Accepted accepted -> batch.accept(accepted);
                case UsageBatch.Verdict.Duplicate duplicate -> duplicates++;
                case UsageBatch.Verdict.Rejected refused -> rejected.add(new Rejection(i, record.recordId(),
                        refused.code(), refused.reason()));
            }
        }
        int accepted = usage.store(sender.id(), batch.accepted(), clock.instant());
        return new UsageReceipt(accepted, duplicates, rejected);
    }

    public HeartbeatReceipt ingestHeartbeats(OrganizationView provider, List<HeartbeatInput> records) {
        requireBatch(records);
        return transactions.execute(status -> {
            var rejected = new ArrayList<Rejection>();
            int accepted = 0;
            Instant now = clock.instant();
            var nodes = heartbeats.ownNodes(provider.id(), records.stream().map(HeartbeatInput::cpid).toList());
            for (int i = 0; i < records.size(); i++) {
                HeartbeatInput beat = records.get(i);
                String reason = heartbeatProblem(beat, nodes.get(beat.cpid()), now);
                if (reason != null) {
                    rejected.add(new Rejection(i, beat.cpid(), "invalid-heartbeat", reason));
                    continue;
                }
                long nodeId = nodes.get(beat.cpid());
                if (heartbeats.record(nodeId, beat.at(), beat.status(), beat.gpuUtilization(), now)
                        && !beat.at().isBefore(now.minus(SILENCE_MEANS_DOWN))) {
                    liveness.reported(nodeId, !"DOWN".equals(beat.status()));
                }
                accepted++;
            }
            return new HeartbeatReceipt(accepted, rejected);
        });
    }

    private static String heartbeatProblem(HeartbeatInput beat, Long nodeId, Instant now) {
        if (beat.cpid() == null || nodeId == null) {
            return "unknown node: cpid is not one of your registered nodes";
        }
        if (beat.at() == null) {
            return "at is required";
        }
        if (beat.at().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return "at is more than " + MAX_CLOCK_SKEW.toMinutes() + " minutes in the future";
        }
        if (beat.status() == null || !STATUSES.contains(beat.status())) {
            return "status must be UP, DEGRADED or DOWN";
        }
        BigDecimal utilization = beat.gpuUtilization();
        if (utilization != null && (utilization.signum() < 0 || utilization.compareTo(BigDecimal.ONE) > 0)) {
            return "gpuUtilization must be between 0 and 1";
        }
        return null;
    }

    /** Live status of the organization's nodes. */
    public List<NodeHealth> nodeHealth(long organizationId) {
        Instant now = clock.instant();
        return heartbeats.latest(organizationId).stream()
                .map(h -> h.lastSeen() != null && h.lastSeen().isBefore(now.minus(SILENCE_MEANS_DOWN))
                        ? new NodeHealth(h.cpid(), "DOWN", h.lastSeen(), h.gpuUtilization()) : h)
                .toList();
    }

    /** Each provider's delivered share of contracted GPU-time over the last 30 days. */
    public List<ProviderReliability> reliability() {
        Instant now = clock.instant();
        return usage.deliveredAndContracted(now.minus(Duration.ofDays(30)), now).stream()
                .map(r -> new ProviderReliability(r.provider(), r.contractedGpuSeconds(), r.deliveredGpuSeconds(),
                        r.contractedGpuSeconds() == 0 ? null : BigDecimal.valueOf(r.deliveredGpuSeconds())
                                .divide(BigDecimal.valueOf(r.contractedGpuSeconds()), 4, RoundingMode.HALF_UP)))
                .toList();
    }

    private static void requireBatch(List<?> records) {
        if (records == null || records.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "records must hold at least one record",
                    List.of(new FieldError("records", "at least one record")));
        }
        if (records.size() > MAX_BATCH) {
            throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "at most " + MAX_BATCH + " records per request; got "
                    + records.size() + ": split the batch", List.of(new FieldError("records", "at most " + MAX_BATCH)));
        }
    }
}
