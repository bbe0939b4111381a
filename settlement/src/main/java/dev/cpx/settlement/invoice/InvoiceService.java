package dev.cpx.settlement.invoice;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.invoice.internal.InvoicePdf;
import dev.cpx.settlement.invoice.internal.InvoiceStore;
import dev.cpx.settlement.period.RunStatement;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.CanonicalStatement;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the invoices and credit notes of frozen settlement runs (see {@link InvoicePlan} for what a statement
 * implies) and reads them back. Each run's documents of each organization are issued once, numbered in their
 * issuer's gapless series inside the issuing transaction.
 */
@Service
public class InvoiceService {

    public static final int MAX_LIST = 500;
    static final int MAX_NUMBER_CHARS = 40;
    static final String PLATFORM = SettlementService.PLATFORM;

    private final SettlementRuns runs;
    private final InvoiceStore store;
    private final InvoiceSettings settings;
    private final Clock clock;

    InvoiceService(SettlementRuns runs, InvoiceStore store, InvoiceSettings settings, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Issues what a frozen run's statements imply for every organization not yet issued for that run, and answers
     * all the run's documents: issuing again changes nothing and answers the same set.
     */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public List<InvoiceView> issue(long periodId, int run) {
        return issue(periodId, run, runs.statements(periodId, null, run));
    }

    /** As {@link #issue(long, int)}, with the run's statements at hand (as they were just stored). */
    @Transactional(isolation = Isolation.READ_COMMITTED)
    public List<InvoiceView> issue(long periodId, int run, List<RunStatement> statements) {
        RunView view = runs.run(periodId, run);
        if (!view.kind().frozen()) {
            throw new IllegalArgumentException("run " + run + " of period " + periodId + " is " + view.kind()
                    + ": only frozen runs are invoiced");
        }
        Map<String, List<StatementLine>> previous = view.kind() == RunKind.TRUE_UP ? previous(view) : Map.of();
        var codes = new TreeSet<String>();
        statements.forEach(s -> codes.add(s.organization()));
        codes.add(PLATFORM);
        Map<String, InvoiceStore.Organization> organizations = store.organizations(codes);
        var pending = new ArrayList<Pending>();
        for (RunStatement statement : statements) {
            InvoiceStore.Organization organization = organizations.get(statement.organization());
            if (store.claim(view.runId(), organization.id(), clock.instant())) {
                pending.add(new Pending(statement, organization, InvoicePlan.of(view.kind(), statement.lines(),
                        previous.getOrDefault(statement.organization(), List.of()))));
            }
        }
        Numbers numbers = lockSeries(pending);
        for (Pending p : pending) {
            write(view, p, organizations.get(PLATFORM), numbers);
        }
        numbers.advanceAll();
        return store.list(null, periodId, view.runId(), Integer.MAX_VALUE);
    }

    private record Pending(RunStatement statement, InvoiceStore.Organization organization,
                           List<InvoicePlan.Draft> drafts) {
    }

    /** The lines of the frozen run before a TRUE_UP run, by organization. */
    private Map<String, List<StatementLine>> previous(RunView view) {
        RunView before = runs.runs(view.periodId()).stream()
                .filter(r -> r.run() < view.run() && r.kind().frozen())
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("TRUE_UP run " + view.run() + " of period "
                        + view.periodId() + " follows no frozen run"));
        var lines = new TreeMap<String, List<StatementLine>>();
        runs.statements(view.periodId(), null, before.run()).forEach(s -> lines.put(s.organization(), s.lines()));
        return lines;
    }

    /** Every series the pending documents need, locked in name order so that issuers never deadlock. */
    private Numbers lockSeries(List<Pending> pending) {
        var series = new TreeSet<String>();
        pending.forEach(p -> p.drafts().forEach(d -> series.add(series(d.purpose(), p.organization().code()))));
        var next = new TreeMap<String, Long>();
        series.forEach(s -> next.put(s, store.lock(s)));
        return new Numbers(next);
    }

    /** The locked series and the next number of each, taken in order and written back before the commit. */
    private final class Numbers {

        private final Map<String, Long> next;

        Numbers(Map<String, Long> next) {
            this.next = next;
        }

        String take(String series) {
            long number = next.get(series);
            next.put(series, number + 1);
            return String.format("%s-%06d", series, number);
        }

        void advanceAll() {
            next.forEach(store::advance);
        }
    }

    /**
     * The platform numbers its own documents in series {@code CPX}; a self-billed document is numbered in its
     * issuer's own series ({@code SB-<code>}), as self-billing requires.
     */
    static String series(InvoicePurpose purpose, String organization) {
        return purpose.issuedByPlatform() ? PLATFORM : "SB-" + organization;
    }

    private void write(RunView view, Pending p, InvoiceStore.Organization platform, Numbers numbers) {
        CanonicalStatement.Header header = CanonicalStatement.read(p.statement().canonical()).header();
        InvoiceSettings.Tax tax = settings.tax(p.organization().code());
        LocalDate issued = LocalDate.ofInstant(view.createdAt(), ZoneOffset.UTC);
        InvoiceView.Party platformParty = party(platform, settings.platform());
        InvoiceView.Party organizationParty = party(p.organization(), null);
        var originals = new EnumMap<InvoicePurpose, String>(InvoicePurpose.class);
        for (InvoicePlan.Draft draft : p.drafts()) {
            boolean byPlatform = draft.purpose().issuedByPlatform();
            InvoiceStore.Organization recipient = byPlatform ? p.organization() : platform;
            String references = draft.purpose().original() == null ? null
                    : originals.computeIfAbsent(draft.purpose().original(), purpose -> store.original(
                            view.periodId(), p.organization().id(), purpose).orElse(null));
            long subtotal = draft.subtotalMinor();
            long taxMinor = Money.percentOf(subtotal, tax.rateBasisPoints());
            var invoice = new InvoiceView(numbers.take(series(draft.purpose(), p.organization().code())),
                    draft.kind(), draft.purpose(), !byPlatform, byPlatform ? platformParty : organizationParty,
                    byPlatform ? organizationParty : platformParty, issued, issued.plusDays(settings.paymentTermsDays()),
                    view.periodId(), header.periodStart(), header.periodEnd(), view.run(), view.kind().name(),
                    p.organization().code(), p.statement().contentHash(), header.currency(), subtotal,
                    tax.rateBasisPoints(), taxMinor, subtotal + taxMinor, tax.reverseChargeNote(),
                    recipient == null ? null : recipient.poReference(), references, draft.lines());
            store.insert(invoice, view.runId(), p.organization().id());
            if (draft.purpose().original() == null && draft.kind() == InvoiceKind.INVOICE) {
                originals.putIfAbsent(draft.purpose(), invoice.invoiceNumber());
            }
        }
    }

    /** A party's details from its billing profile, else its name (or {@code fallback}) with no tax id or address. */
    private static InvoiceView.Party party(InvoiceStore.Organization organization, InvoiceView.Party fallback) {
        if (organization != null && organization.hasProfile()) {
            return new InvoiceView.Party(organization.code(), organization.legalName(), organization.taxId(),
                    organization.address());
        }
        if (fallback != null) {
            return fallback;
        }
        return new InvoiceView.Party(organization.code(), organization.name(), "", "");
    }

    /** Invoices by issue order: those {@code party} issued or received, or all when it is null. */
    @Transactional(readOnly = true)
    public List<InvoiceView> invoices(String party, Long periodId, int limit) {
        return store.list(party, periodId, null, Math.clamp(limit, 1, MAX_LIST));
    }

    /** One invoice with its lines; 404 when there is none of that number that {@code party} (null: any) may see. */
    @Transactional(readOnly = true)
    public InvoiceView invoice(String party, String invoiceNumber) {
        if (invoiceNumber == null || invoiceNumber.length() > MAX_NUMBER_CHARS) {
            throw CpxException.notFound("invoice", Money.quote(String.valueOf(invoiceNumber)));
        }
        return store.find(invoiceNumber)
                .filter(i -> party == null || i.issuer().code().equals(party) || i.recipient().code().equals(party))
                .orElseThrow(() -> CpxException.notFound("invoice", invoiceNumber));
    }

    /** The invoice as a PDF: the same bytes on every download, since everything on it was fixed at issue. */
    @Transactional(readOnly = true)
    public byte[] pdf(String party, String invoiceNumber) {
        return InvoicePdf.render(invoice(party, invoiceNumber));
    }

    /** The documents' file name: the invoice number. */
    public static String fileName(String invoiceNumber) {
        return invoiceNumber + ".pdf";
    }
}
