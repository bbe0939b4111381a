package dev.cpx.settlement.payout;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.period.RunStatement;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.payout.internal.PayoutStore;
import dev.cpx.settlement.statement.StatementLine;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What payouts produce on paper: the period's ISO 20022 bank file of its BANK_FILE payouts, and each payout's
 * remittance advice (the statement lines and withheld disputes behind its amount).
 */
@Service
public class PayoutDocuments {

    private final PayoutStore store;
    private final PayoutService payouts;
    private final PayoutSender sender;
    private final SettlementRuns runs;
    private final PayoutSettings settings;
    private final Clock clock;

    PayoutDocuments(PayoutStore store, PayoutService payouts, PayoutSender sender, SettlementRuns runs,
                    PayoutSettings settings, Clock clock) {
        this.store = store;
        this.payouts = payouts;
        this.sender = sender;
        this.runs = runs;
        this.settings = settings;
        this.clock = clock;
    }

    /** A bank file: its message id and pain.001 XML. */
    public record BankFile(String messageId, String xml) {
    }

    /**
     * The period's newest pain.001 file. BANK_FILE payouts debited and not yet in a file are put in a new one first
     * (they are SENT from then: the file is what the bank gets); a file once made reads back byte for byte.
     */
    @Transactional
    public BankFile bankFile(long periodId) {
        runs.runs(periodId); // 404 for an unknown period
        exportPending(periodId);
        String messageId = store.latestBankFile(periodId).orElseThrow(() -> new CpxException(ErrorCode.NOT_FOUND,
                "period " + periodId + " has no bank-file payouts debited yet"));
        List<PayoutStore.Payout> inFile = store.ofBankFile(messageId);
        var credits = inFile.stream().map(p -> new Pain001.Credit(p.view().payoutId(), p.view().amountMinor(),
                p.view().currency(), p.accountHolder(), p.iban(), p.bic(), "CPX settlement period "
                + p.view().periodId() + " run " + p.view().run() + " payout " + p.view().payoutId())).toList();
        Instant createdAt = inFile.getFirst().view().sentAt();
        var debtor = new Pain001.Debtor(settings.debtorName(), settings.debtorIban(), settings.debtorBic());
        return new BankFile(messageId, Pain001.write(messageId, createdAt, debtor, credits));
    }

    private void exportPending(long periodId) {
        var pending = store.list(null, periodId, PayoutService.MAX_LIST).stream()
                .filter(p -> p.view().rail() == PayoutRailKind.BANK_FILE && p.view().debited()
                        && p.view().status() == PayoutStatus.PENDING).toList();
        if (pending.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String messageId = "CPX-P" + periodId + "-" + now.toEpochMilli();
        for (var payout : pending) {
            sender.sent(payout, null, messageId);
        }
    }

    /** A payout's remittance advice; 404 when the payout is not the organization's ({@code null}: platform). */
    @Transactional(readOnly = true)
    public RemittanceAdvice remittance(long payoutId, Long organizationId) {
        PayoutStore.Payout payout = payouts.find(payoutId, organizationId);
        PayoutView view = payout.view();
        RunStatement statement = runs.statement(view.periodId(), view.organization(), view.run());
        var lines = new ArrayList<RemittanceAdvice.Line>();
        for (StatementLine line : statement.lines()) {
            lines.add(new RemittanceAdvice.Line(line.contractId(), line.instrument(), line.role().name(),
                    line.counterparty(), line.valueMinor(), line.slaCreditMinor(), line.feeMinor(),
                    line.adjustmentMinor(), line.netMinor()));
        }
        var withheld = store.openDisputes(view.periodId(), payout.organizationId()).stream()
                .map(d -> new RemittanceAdvice.Withheld(d.disputeId(), d.contractId(), d.withheldMinor())).toList();
        return new RemittanceAdvice(view, statement.contentHash(), List.copyOf(lines), withheld);
    }

    /** The remittance advice as CSV: a header block with the arithmetic, then one row per statement line. */
    public static String csv(RemittanceAdvice advice) {
        PayoutView p = advice.payout();
        var text = new StringBuilder("payout_id,").append(p.payoutId()).append('\n')
                .append("organization,").append(p.organization()).append('\n')
                .append("period_id,").append(p.periodId()).append('\n')
                .append("run,").append(p.run()).append('\n')
                .append("statement_sha256,").append(advice.statementHash()).append('\n')
                .append("currency,").append(p.currency()).append('\n')
                .append("receivable,").append(Money.format(p.receivableMinor())).append('\n')
                .append("withheld,").append(Money.format(p.withheldMinor())).append('\n')
                .append("paid_before,").append(Money.format(p.paidBeforeMinor())).append('\n')
                .append("amount,").append(Money.format(p.amountMinor())).append('\n')
                .append("status,").append(p.status()).append('\n')
                .append("reference,").append(Optional.ofNullable(p.transferId()).or(() -> Optional.ofNullable(
                        p.bankFileId())).orElse("")).append("\n\n")
                .append("contract_id,instrument,role,counterparty,value,sla_credit,fee,adjustment,net\n");
        for (var line : advice.lines()) {
            text.append(line.contractId()).append(',').append(line.instrument()).append(',').append(line.role())
                    .append(',').append(line.counterparty()).append(',').append(Money.format(line.valueMinor()))
                    .append(',').append(Money.format(line.slaCreditMinor())).append(',')
                    .append(Money.format(line.feeMinor())).append(',').append(Money.format(line.adjustmentMinor()))
                    .append(',').append(Money.format(line.netMinor())).append('\n');
        }
        if (!advice.withheld().isEmpty()) {
            text.append("\ndispute_id,contract_id,withheld\n");
            advice.withheld().forEach(w -> text.append(w.disputeId()).append(',').append(w.contractId()).append(',')
                    .append(Money.format(w.withheldMinor())).append('\n'));
        }
        return text.toString();
    }
}
