package dev.cpx.settlement.statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two runs' statements of one organization, line by line: a line is identified by its
 * reference (its contract, or the dispute of an adjustment) and role; lines equal in both runs are left out.
 */
public final class RunDiff {

    private RunDiff() {
    }

    /** How a line changed from the previous run to this one. */
    public enum Change {
        ADDED,
        REMOVED,
        CHANGED
    }

    /**
     * One changed line: its net in the previous run and in this one (0 where it had no line) and their
     * difference; {@code before} and {@code after} are the whole lines (null where there was none).
     */
    public record LineChange(String organization, String reference, StatementLine.Role role, Change change,
                             long netBeforeMinor, long netAfterMinor, StatementLine before, StatementLine after) {

        public long differenceMinor() {
            return netAfterMinor - netBeforeMinor;
        }
    }

    /** The changed lines, in the canonical order of lines (removed ones where they stood before). */
    public static List<LineChange> between(String organization, List<StatementLine> previous,
                                           List<StatementLine> current) {
        Map<String, StatementLine> before = keyed(previous);
        Map<String, StatementLine> after = keyed(current);
        var all = new ArrayList<StatementLine>(after.values());
        before.forEach((key, line) -> {
            if (!after.containsKey(key)) {
                all.add(line);
            }
        });
        all.sort(CanonicalStatement.ORDER);
        var changes = new ArrayList<LineChange>();
        for (StatementLine line : all) {
            String key = key(line);
            StatementLine was = before.get(key);
            StatementLine is = after.get(key);
            if (Objects.equals(was, is)) {
                continue;
            }
            Change change = was == null ? Change.ADDED : is == null ? Change.REMOVED : Change.CHANGED;
            changes.add(new LineChange(organization, line.reference(), line.role(), change,
                    was == null ? 0 : was.netMinor(), is == null ? 0 : is.netMinor(), was, is));
        }
        return changes;
    }

    /**
     * Whether two runs' statements hold the same lines. Statements read back from canonical text have empty
     * rather than null counterparties and notes, so lines are compared as the canonical form writes them.
     */
    public static boolean sameLines(List<StatementLine> previous, List<StatementLine> current) {
        return between("", previous, current).isEmpty();
    }

    private static Map<String, StatementLine> keyed(List<StatementLine> lines) {
        var keyed = new LinkedHashMap<String, StatementLine>();
        for (StatementLine line : lines) {
            if (keyed.put(key(line), normal(line)) != null) {
                throw new IllegalArgumentException("two lines of " + line.reference() + " as " + line.role());
            }
        }
        return keyed;
    }

    private static String key(StatementLine line) {
        return line.reference() + "/" + line.role();
    }

    /** The line as its canonical text reads back: absent text is empty, an absent project null. */
    private static StatementLine normal(StatementLine l) {
        return new StatementLine(l.contractId(), l.kind(), l.instrument(), l.role(),
                l.counterparty() == null ? "" : l.counterparty(), l.quantity(), l.priceMinor(),
                l.contractedGpuSeconds(), l.providerGpuSeconds(), l.buyerGpuSeconds(), l.deliveredGpuSeconds(),
                l.valueMinor(), l.ratedValueMinor(), l.slaCreditMinor(), l.feeMinor(), l.adjustmentMinor(),
                l.netMinor(), l.coverage(), l.oneSidedGpuSeconds(), l.differences(),
                l.note() == null ? "" : l.note(), l.project() == null || l.project().isEmpty() ? null : l.project(),
                l.disputeId());
    }
}
