package dev.cpx.settlement.invoice;

import dev.cpx.settlement.statement.RunDiff;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The documents one organization's statement of a frozen run implies, before numbers, parties and tax: a pure
 * function of the statement's lines. A FINAL run invoices every line; a TRUE_UP run invoices only what changed
 * since the run before it (the adjustments of disputes resolved since), as credit notes or further invoices that
 * refer to the original. Amounts are tax-exclusive; {@link #signedMinor} of the drafts sums to the statement's net
 * (of the FINAL run) or to the change of its net (of a TRUE_UP run).
 */
public final class InvoicePlan {

    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::instrument)
            .thenComparing(g -> g.project() == null ? "" : g.project());

    private InvoicePlan() {
    }

    /** A document to issue: a purpose and kind, its lines, and their sum. */
    public record Draft(InvoicePurpose purpose, InvoiceKind kind, List<Line> lines) {

        public Draft {
            lines = List.copyOf(lines);
            if (lines.isEmpty() || lines.stream().anyMatch(l -> l.amountMinor() <= 0)) {
                throw new IllegalArgumentException("a " + purpose + " document has lines of positive amounts: "
                        + lines);
            }
        }

        public long subtotalMinor() {
            return lines.stream().mapToLong(Line::amountMinor).sum();
        }

        /** The subtotal as it moves the organization's net: negative when the organization pays it. */
        public long signedMinor() {
            boolean organizationPays = purpose.issuedByPlatform() == (kind == InvoiceKind.INVOICE);
            return organizationPays ? -subtotalMinor() : subtotalMinor();
        }
    }

    /** One line of a document; {@code gpuSeconds} 0 where the line is no quantity of compute. */
    public record Line(String description, String instrument, String project, long gpuSeconds, long amountMinor) {
    }

    private record Group(String instrument, String project) {
    }

    /**
     * The drafts of a statement of a run of {@code kind}: {@code previous} holds the lines of the run before it
     * (ignored for FINAL).
     */
    public static List<Draft> of(RunKind kind, List<StatementLine> lines, List<StatementLine> previous) {
        if (kind == RunKind.FINAL) {
            return drafts(lines.stream().filter(l -> l.kind() == StatementLine.Kind.CONTRACT).toList(),
                    adjustments(lines));
        }
        if (kind != RunKind.TRUE_UP) {
            throw new IllegalArgumentException("only frozen runs are invoiced, not " + kind);
        }
        var changed = new ArrayList<Adjusted>();
        for (RunDiff.LineChange change : RunDiff.between("", previous, lines)) {
            StatementLine line = change.after() != null ? change.after() : change.before();
            if (line.kind() != StatementLine.Kind.ADJUSTMENT) {
                throw new IllegalStateException("a TRUE_UP run changed contract line " + change.reference()
                        + ": a frozen contract line never changes");
            }
            if (change.differenceMinor() != 0) {
                changed.add(new Adjusted(line, change.differenceMinor()));
            }
        }
        return drafts(List.of(), changed);
    }

    /** An adjustment line and the amount it moves (positive: to the organization). */
    private record Adjusted(StatementLine line, long amountMinor) {
    }

    private static List<Adjusted> adjustments(List<StatementLine> lines) {
        return lines.stream().filter(l -> l.kind() == StatementLine.Kind.ADJUSTMENT && l.adjustmentMinor() != 0)
                .map(l -> new Adjusted(l, l.adjustmentMinor())).toList();
    }

    private static List<Draft> drafts(List<StatementLine> contracts, List<Adjusted> adjustments) {
        var drafts = new ArrayList<Draft>();
        List<StatementLine> bought = contracts.stream().filter(l -> l.role() == StatementLine.Role.BUYER).toList();
        List<StatementLine> sold = contracts.stream().filter(l -> l.role() == StatementLine.Role.PROVIDER).toList();
        var compute = new ArrayList<Line>();
        grouped(bought).forEach((group, own) -> {
            add(compute, "Compute bought", group, own.stream().mapToLong(StatementLine::contractedGpuSeconds).sum(),
                    own.stream().mapToLong(StatementLine::valueMinor).sum());
            add(compute, "Platform fee on compute bought", group, 0,
                    own.stream().mapToLong(StatementLine::feeMinor).sum());
        });
        draft(drafts, InvoicePurpose.BUYER_COMPUTE, InvoiceKind.INVOICE, compute);
        var credits = new ArrayList<Line>();
        grouped(bought).forEach((group, own) -> add(credits, "SLA credit", group, 0,
                own.stream().mapToLong(StatementLine::slaCreditMinor).sum()));
        draft(drafts, InvoicePurpose.BUYER_SLA_CREDIT, InvoiceKind.CREDIT_NOTE, credits);
        var supply = new ArrayList<Line>();
        var fees = new ArrayList<Line>();
        grouped(sold).forEach((group, own) -> {
            add(supply, "Compute delivered", group, own.stream().mapToLong(StatementLine::deliveredGpuSeconds).sum(),
                    own.stream().mapToLong(StatementLine::ratedValueMinor).sum());
            add(fees, "Platform fee on compute delivered", group, 0,
                    own.stream().mapToLong(StatementLine::feeMinor).sum());
        });
        draft(drafts, InvoicePurpose.PROVIDER_SUPPLY, InvoiceKind.INVOICE, supply);
        draft(drafts, InvoicePurpose.PROVIDER_FEES, InvoiceKind.INVOICE, fees);
        adjustmentDrafts(drafts, adjustments, StatementLine.Role.BUYER, InvoicePurpose.BUYER_ADJUSTMENT);
        adjustmentDrafts(drafts, adjustments, StatementLine.Role.PROVIDER, InvoicePurpose.PROVIDER_ADJUSTMENT);
        return drafts;
    }

    /**
     * Adjustments of one side: those that move money to the buyer credit its invoice (a credit note from the
     * platform), those that move money to the provider add to its supply (a further self-billed invoice), and the
     * other way round.
     */
    private static void adjustmentDrafts(List<Draft> drafts, List<Adjusted> adjustments, StatementLine.Role role,
                                         InvoicePurpose purpose) {
        var toOrganization = new ArrayList<Line>();
        var fromOrganization = new ArrayList<Line>();
        adjustments.stream().filter(a -> a.line().role() == role).forEach(a -> {
            StatementLine l = a.line();
            var line = new Line("Adjustment on dispute " + l.disputeId() + " of contract " + l.contractId(),
                    l.instrument(), null, 0, Math.abs(a.amountMinor()));
            (a.amountMinor() > 0 ? toOrganization : fromOrganization).add(line);
        });
        boolean buyer = role == StatementLine.Role.BUYER;
        draft(drafts, purpose, buyer ? InvoiceKind.CREDIT_NOTE : InvoiceKind.INVOICE, toOrganization);
        draft(drafts, purpose, buyer ? InvoiceKind.INVOICE : InvoiceKind.CREDIT_NOTE, fromOrganization);
    }

    private static Map<Group, List<StatementLine>> grouped(List<StatementLine> lines) {
        var groups = new TreeMap<Group, List<StatementLine>>(GROUP_ORDER);
        for (StatementLine line : lines) {
            String project = line.project() == null || line.project().isEmpty() ? null : line.project();
            groups.computeIfAbsent(new Group(line.instrument(), project), k -> new ArrayList<>()).add(line);
        }
        return groups;
    }

    private static void add(List<Line> lines, String description, Group group, long gpuSeconds, long amountMinor) {
        if (amountMinor < 0) {
            throw new IllegalStateException(description + " of " + group + " is negative: " + amountMinor);
        }
        if (amountMinor > 0) {
            lines.add(new Line(description, group.instrument(), group.project(), gpuSeconds, amountMinor));
        }
    }

    private static void draft(List<Draft> drafts, InvoicePurpose purpose, InvoiceKind kind, List<Line> lines) {
        if (!lines.isEmpty()) {
            drafts.add(new Draft(purpose, kind, lines));
        }
    }
}
