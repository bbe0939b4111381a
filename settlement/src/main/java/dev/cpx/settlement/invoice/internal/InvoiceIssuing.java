package dev.cpx.settlement.invoice.internal;

import dev.cpx.settlement.invoice.InvoiceService;
import dev.cpx.settlement.period.FrozenRunRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Issues a frozen run's invoices in the transaction that records the run: the run commits with its invoices or not
 * at all, and the period's lock, held by that transaction, keeps two instances from issuing the same run at once.
 */
@Component
class InvoiceIssuing {

    private final InvoiceService invoices;

    InvoiceIssuing(InvoiceService invoices) {
        this.invoices = invoices;
    }

    @EventListener
    void on(FrozenRunRecorded run) {
        invoices.issue(run.periodId(), run.run(), run.statements());
    }
}
