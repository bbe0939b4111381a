package dev.cpx.settlement.invoice.internal;

import static dev.cpx.core.time.UtcColumns.instant;
import static dev.cpx.core.time.UtcColumns.utc;

import dev.cpx.settlement.invoice.InvoiceKind;
import dev.cpx.settlement.invoice.InvoicePlan;
import dev.cpx.settlement.invoice.InvoicePurpose;
import dev.cpx.settlement.invoice.InvoiceView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** SQL of invoices: the per-issuer number series, the issue markers, and the issued documents with their lines. */
@Component
public class InvoiceStore {

    private static final String SELECT = """
            select invoice_number, kind, purpose, self_billed, issuer_code, issuer_name, issuer_tax_id,
                   issuer_address, recipient_code, recipient_name, recipient_tax_id, recipient_address, issue_date,
                   due_date, period_id, period_start, period_end, run_number, run_kind, o.code, statement_hash,
                   currency, subtotal_minor, tax_rate_bp, tax_minor, total_minor, reverse_charge, po_reference,
                   references_number, i.id
            from invoice i join organization o on o.id = i.organization_id""";

    private final JdbcClient jdbc;

    InvoiceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An organization with what its billing profile says, if it has one. */
    public record Organization(long id, String code, String name, String legalName, String taxId, String address,
                               String poReference) {

        public boolean hasProfile() {
            return legalName != null;
        }
    }

    public Map<String, Organization> organizations(Collection<String> codes) {
        var found = new HashMap<String, Organization>();
        if (!codes.isEmpty()) {
            jdbc.sql("""
                            select o.id, o.code, o.name, b.legal_name, b.tax_id, b.address, b.po_reference
                            from organization o left join billing_profile b on b.organization_id = o.id
                            where o.code in (:codes)""")
                    .param("codes", List.copyOf(codes))
                    .query((rs, n) -> new Organization(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                    .list().forEach(o -> found.put(o.code(), o));
        }
        return found;
    }

    /**
     * Claims the issuing of a run's documents of an organization: false when they were issued already. A second
     * claim waits for the first transaction to end, so it sees a committed claim and never issues twice.
     */
    public boolean claim(long runId, long organizationId, Instant now) {
        try {
            jdbc.sql("insert into invoice_issue (run_id, organization_id, issued_at) values (?, ?, ?)")
                    .params(runId, organizationId, utc(now)).update();
            return true;
        } catch (DuplicateKeyException issued) {
            return false;
        }
    }

    /**
     * Locks a series' row until the transaction ends, creating it at 1 when it is new, and answers its next number.
     * Callers lock the series they need in one order, so two issuing transactions never wait on each other in a
     * circle.
     */
    public long lock(String series) {
        Optional<Long> next = locked(series);
        if (next.isPresent()) {
            return next.get();
        }
        // A plain insert that meets a row another transaction created meanwhile would take a shared lock on it, and
        // two such transactions would then deadlock asking for the exclusive one; this insert takes it at once.
        jdbc.sql("insert into invoice_series (series, next_number) values (?, 1) "
                + "on duplicate key update next_number = next_number").param(series).update();
        return locked(series).orElseThrow();
    }

    private Optional<Long> locked(String series) {
        return jdbc.sql("select next_number from invoice_series where series = ? for update").param(series)
                .query(Long.class).optional();
    }

    /** Moves a locked series on to {@code next}. */
    public void advance(String series, long next) {
        int updated = jdbc.sql("update invoice_series set next_number = ? where series = ?").params(next, series)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("series " + series + " is not there to advance");
        }
    }

    /** The number of the first invoice of {@code purpose} issued to or by an organization in a period. */
    public Optional<String> original(long periodId, long organizationId, InvoicePurpose purpose) {
        return jdbc.sql("""
                        select invoice_number from invoice where period_id = ? and organization_id = ? and purpose = ?
                        and kind = 'INVOICE' and references_number is null order by run_number, id""")
                .params(periodId, organizationId, purpose.name()).query(String.class).stream().findFirst();
    }

    public void insert(InvoiceView invoice, long runId, long organizationId) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into invoice (invoice_number, kind, purpose, self_billed, period_id, run_id, run_number,
                            run_kind, organization_id, statement_hash, issuer_code, issuer_name, issuer_tax_id,
                            issuer_address, recipient_code, recipient_name, recipient_tax_id, recipient_address,
                            issue_date, due_date, period_start, period_end, currency, subtotal_minor, tax_rate_bp,
                            tax_minor, total_minor, reverse_charge, po_reference, references_number)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                            ?)""")
                .params(invoice.invoiceNumber(), invoice.kind().name(), invoice.purpose().name(),
                        invoice.selfBilled(), invoice.periodId(), runId, invoice.run(), invoice.runKind(),
                        organizationId, invoice.statementHash(), invoice.issuer().code(), invoice.issuer().legalName(),
                        invoice.issuer().taxId(), invoice.issuer().address(), invoice.recipient().code(),
                        invoice.recipient().legalName(), invoice.recipient().taxId(), invoice.recipient().address(),
                        invoice.issueDate(), invoice.dueDate(),
                        utc(invoice.periodStart()), utc(invoice.periodEnd()), invoice.currency(),
                        invoice.subtotalMinor(), invoice.taxRateBasisPoints(), invoice.taxMinor(),
                        invoice.totalMinor(), invoice.reverseCharge(), invoice.poReference(), invoice.references())
                .update(key, "id");
        long id = key.getKey().longValue();
        int number = 0;
        for (InvoicePlan.Line line : invoice.lines()) {
            jdbc.sql("insert into invoice_line (invoice_id, line_number, description, instrument, project, "
                            + "gpu_seconds, amount_minor) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, ++number, line.description(), line.instrument(), line.project(), line.gpuSeconds(),
                            line.amountMinor())
                    .update();
        }
    }

    /** Invoices by issue order, those an organization issued or received ({@code party} null: all). */
    public List<InvoiceView> list(String party, Long periodId, Long runId, int limit) {
        return jdbc.sql(SELECT + " " + """
                         where (:party is null or i.issuer_code = :party or i.recipient_code = :party)
                         and (:period is null or i.period_id = :period) and (:run is null or i.run_id = :run)
                         order by i.id limit :limit""")
                .param("party", party).param("period", periodId).param("run", runId).param("limit", limit)
                .query((rs, n) -> view(rs, List.of())).list();
    }

    public Optional<InvoiceView> find(String invoiceNumber) {
        return jdbc.sql(SELECT + " where i.invoice_number = ?").param(invoiceNumber)
                .query((rs, n) -> view(rs, lines(rs.getLong(30)))).optional();
    }

    private List<InvoicePlan.Line> lines(long invoiceId) {
        return jdbc.sql("select description, instrument, project, gpu_seconds, amount_minor from invoice_line "
                        + "where invoice_id = ? order by line_number")
                .param(invoiceId)
                .query((rs, n) -> new InvoicePlan.Line(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getLong(5)))
                .list();
    }

    private static InvoiceView view(ResultSet rs, List<InvoicePlan.Line> lines) throws SQLException {
        return new InvoiceView(rs.getString(1), InvoiceKind.valueOf(rs.getString(2)),
                InvoicePurpose.valueOf(rs.getString(3)), rs.getBoolean(4),
                new InvoiceView.Party(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)),
                new InvoiceView.Party(rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)),
                rs.getObject(13, LocalDate.class), rs.getObject(14, LocalDate.class), rs.getLong(15), instant(rs, 16),
                instant(rs, 17), rs.getInt(18), rs.getString(19), rs.getString(20), rs.getString(21),
                rs.getString(22), rs.getLong(23), rs.getInt(24), rs.getLong(25), rs.getLong(26), rs.getBoolean(27),
                rs.getString(28), rs.getString(29), new ArrayList<>(lines));
    }
}
