package dev.cpx.settlement.metering.internal;

import dev.cpx.settlement.metering.UsageRecordInput;
import dev.cpx.settlement.metering.UsageSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One batch of usage records with what checking them needs, loaded in a few queries: the contracts they name
 * and their allocations, the sender's stored record ids, and the intervals it already reported. Records are
 * checked in order, so a record that overlaps an earlier one of the same batch is refused too.
 */
public final class UsageBatch {

    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** The code of a record that came after its contract's period closed. */
    public static final String PERIOD_CLOSED = "period-closed";

    /** The verdict on one record. */
    public sealed interface Verdict {
        record Accepted(long contractId, long nodeId, UsageSource source, String recordId, Instant start,
                        Instant end, long gpuSeconds) implements Verdict {
        }

        record Duplicate() implements Verdict {
        }

        record Rejected(String code, String reason) implements Verdict {
        }
    }

    /** A contract as the batch sees it, from the sender's side. */
    record ContractSide(long id, UsageSource source, Instant deliveryStart, Instant deliveryEnd,
                        Map<String, long[]> nodesByCpid, Long closedPeriodId) {
    }

    private final Map<Long, ContractSide> contracts;
    private final Set<String> storedIds;
    private final Map<String, TreeMap<Instant, Instant>> intervals;
    private final Set<String> batchIds = new HashSet<>();
    private final List<Verdict.Accepted> accepted = new ArrayList<>();

    UsageBatch(Map<Long, ContractSide> contracts, Set<String> storedIds,
               Map<String, TreeMap<Instant, Instant>> intervals) {
        this.contracts = contracts;
        this.storedIds = storedIds;
        this.intervals = intervals;
    }

    public Verdict check(UsageRecordInput record, Instant now) {
        if (record.recordId() == null || !RECORD_ID.matcher(record.recordId()).matches()) {
            return new Verdict.Rejected("invalid-record-id",
                    "recordId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        ContractSide contract = record.contractId() == null ? null : contracts.get(record.contractId());
        if (contract == null) {
            return new Verdict.Rejected("unknown-contract", "unknown contract: " + record.contractId()
                    + " is not a contract of your organization");
        }
        String key = contract.source() + "|" + record.recordId();
        if (storedIds.contains(key) || batchIds.contains(key)) {
            return new Verdict.Duplicate();
        }
        if (contract.closedPeriodId() != null) {
            return new Verdict.Rejected(PERIOD_CLOSED, "contract " + contract.id() + " was settled in period "
                    + contract.closedPeriodId() + ", which is closed: usage sent after the close is not rated; to "
                    + "correct the contract's figures, open a dispute on its discrepancy "
                    + "(POST /api/v1/settlement/discrepancies/{id}/disputes) or ask platform finance");
        }
        long[] node = record.cpid() == null ? null : contract.nodesByCpid().get(record.cpid());
        if (node == null) {
            return new Verdict.Rejected("node-not-allocated", "node " + record.cpid() + " is not allocated to contract "
                    + contract.id());
        }
        if (record.intervalStart() == null || record.intervalEnd() == null
                || !record.intervalStart().isBefore(record.intervalEnd())) {
            return new Verdict.Rejected("invalid-interval", "intervalStart must be before intervalEnd");
        }
        if (record.intervalStart().isBefore(contract.deliveryStart())
                || record.intervalEnd().isAfter(contract.deliveryEnd())) {
            return new Verdict.Rejected("outside-delivery-window", "interval outside the delivery window "
                    + contract.deliveryStart() + " to "
                    + contract.deliveryEnd());
        }
        if (record.intervalEnd().isAfter(now)) {
            return new Verdict.Rejected("interval-in-future", "interval ends in the future; report usage once it happened");
        }
        long capacity = node[1] * Duration.between(record.intervalStart(), record.intervalEnd()).toSeconds();
        if (record.gpuSeconds() == null || record.gpuSeconds() < 0) {
            return new Verdict.Rejected("invalid-gpu-seconds", "gpuSeconds must be zero or more");
        }
        if (record.gpuSeconds() > capacity) {
            return new Verdict.Rejected("over-capacity", "more GPU-seconds (" + record.gpuSeconds()
                    + ") than the allocation can give in "
                    + "this interval (" + capacity + ": " + node[1] + " GPUs)");
        }
        TreeMap<Instant, Instant> reported = intervals.computeIfAbsent(intervalKey(contract.id(), node[0],
                contract.source()), k -> new TreeMap<>());
        var before = reported.floorEntry(record.intervalStart());
        var after = reported.ceilingEntry(record.intervalStart());
        if ((before != null && before.getValue().isAfter(record.intervalStart()))
                || (after != null && after.getKey().isBefore(record.intervalEnd()))) {
            return new Verdict.Rejected("overlap", "overlaps an earlier record of this source for node "
                    + record.cpid());
        }
        return new Verdict.Accepted(contract.id(), node[0], contract.source(), record.recordId(),
                record.intervalStart(), record.intervalEnd(), record.gpuSeconds());
    }

    public void accept(Verdict.Accepted record) {
        batchIds.add(record.source() + "|" + record.recordId());
        intervals.computeIfAbsent(intervalKey(record.contractId(), record.nodeId(), record.source()),
                k -> new TreeMap<>()).put(record.start(), record.end());
        accepted.add(record);
    }

    public List<Verdict.Accepted> accepted() {
        return accepted;
    }

    static String intervalKey(long contractId, long nodeId, UsageSource source) {
        return contractId + "|" + nodeId + "|" + source;
    }

    static Map<Long, ContractSide> index(List<ContractSide> sides) {
        var byId = new HashMap<Long, ContractSide>();
        sides.forEach(side -> byId.put(side.id(), side));
        return byId;
    }
}
