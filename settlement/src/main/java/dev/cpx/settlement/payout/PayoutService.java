package dev.cpx.settlement.payout;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.ledger.MarketInbox;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.payout.internal.PayoutStore;
import dev.cpx.settlement.statement.RunKind;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a closed period's payouts, once per organization and run: the organization's net receivable in the run's
 * netting, less what open disputes withhold, less what the period's earlier payouts paid. The deciding transaction
 * writes the payout and a PAYOUT row of the market inbox; the market core debits the wallet whole or refuses it
 * (available balance short); only a debited payout is handed to its rail, outside any transaction (see
 * {@link PayoutSender}).
 */
@Service
public class PayoutService {

    /** Most payouts one list answers. */
    public static final int MAX_LIST = 500;

    private final SettlementRuns runs;
    private final SettlementService settlement;
    private final IdentityService identity;
    private final PayoutStore store;
    private final MarketInbox inbox;
    private final PayoutSender sender;
    private final PayoutSettings settings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PayoutService(SettlementRuns runs, SettlementService settlement, IdentityService identity, PayoutStore store,
                  MarketInbox inbox, PayoutSender sender, PayoutSettings settings,
                  PlatformTransactionManager transactionManager, Clock clock) {
        this.runs = runs;
        this.settlement = settlement;
        this.identity = identity;
        this.store = store;
        this.inbox = inbox;
        this.sender = sender;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The payouts of the run paid out, and whether this call made any of them. */
    public record Made(List<PayoutView> payouts, boolean created) {
    }

    /**
     * The payouts of a closed period's latest frozen run (FINAL or TRUE_UP): made now for the organizations that have
     * none yet for that run, the existing ones answered again. 409 while the period is open.
     */
    public Made create(long periodId, String actor) {
        Made made;
        try {
            made = transactions.execute(tx -> decide(periodId, actor));
        } catch (DuplicateKeyException raced) {
            // Another request made the same payouts first: they are the answer.
            made = transactions.execute(tx -> new Made(views(periodId, latestRun(periodId).run()), false));
        }
        sender.janitor(); // debits just applied, transfers sent at once; whatever fails here the janitor retries
        return new Made(views(periodId, made.payouts().isEmpty() ? 0 : made.payouts().getFirst().run()),
                made.created());
    }

    private Made decide(long periodId, String actor) {
        RunView run = latestRun(periodId);
        PeriodView period = settlement.period(periodId);
        var existing = store.ofRun(periodId, run.run()).stream().map(p -> p.view().organization()).toList();
        Netting.Result netting = runs.netting(periodId, run.run());
        Map<String, Long> withheld = runs.withheld(periodId);
        int made = 0;
        for (var position : netting.net().entrySet()) {
            String code = position.getKey();
            if (position.getValue() <= 0 || code.equals(SettlementService.PLATFORM) || existing.contains(code)) {
                continue;
            }
            OrganizationView organization = identity.organizationByCode(code).orElseThrow(() ->
                    new IllegalStateException("the netting of period " + periodId + " names unknown " + code));
            var account = store.account(organization.id());
            if (account.isEmpty()) {
                continue; // paid when payouts are made again after it set its payout account
            }
            long held = withheld.getOrDefault(code, 0L);
            long paidBefore = store.paidBefore(periodId, organization.id());
            long amount = position.getValue() - held - paidBefore;
            if (amount <= 0) {
                continue;
            }
            if (++made > settings.maxPayoutsPerRun()) {
                throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "a run pays at most " + settings.maxPayoutsPerRun()
                        + " organizations (cpx.payouts.max-payouts-per-run)");
            }
            long id = store.insert(new PayoutStore.NewPayout(periodId, run.run(), organization.id(),
                    position.getValue(), held, paidBefore, amount, period.currency(), account.get(),
                    "cpx-payout-" + UUID.randomUUID(), actor, clock.instant()));
            store.inbox(id, inbox.payout(organization.id(), amount, "payout:" + id, clock.instant()));
        }
        return new Made(views(periodId, run.run()), made > 0);
    }

    private RunView latestRun(long periodId) {
        PeriodView period = settlement.period(periodId);
        if (period.open()) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + periodId + " is open: payouts are made once it is "
                    + "closed");
        }
        List<RunView> all = runs.runs(periodId);
        RunView latest = all.isEmpty() ? null : all.getLast();
        if (latest == null || latest.kind() == RunKind.PRELIMINARY) {
            throw new CpxException(ErrorCode.CONFLICT, "period " + periodId + " has no frozen run to pay out from "
                    + "(it was closed before runs were recorded)");
        }
        return latest;
    }

    private List<PayoutView> views(long periodId, int run) {
        return store.ofRun(periodId, run).stream().map(PayoutStore.Payout::view).toList();
    }

    /** Payouts newest first: of one organization, or all ({@code organizationId} null); of one period or all. */
    public List<PayoutView> list(Long organizationId, Long periodId, int limit) {
        return store.list(organizationId, periodId, Math.clamp(limit, 1, MAX_LIST)).stream()
                .map(PayoutStore.Payout::view).toList();
    }

    /** One payout; 404 when it is not the organization's ({@code organizationId} null: the platform's view). */
    public PayoutView payout(long payoutId, Long organizationId) {
        return find(payoutId, organizationId).view();
    }

    PayoutStore.Payout find(long payoutId, Long organizationId) {
        return store.byId(payoutId).filter(p -> organizationId == null || p.organizationId() == organizationId)
                .orElseThrow(() -> CpxException.notFound("payout", payoutId));
    }

    private static final java.util.regex.Pattern STRIPE_ACCOUNT = java.util.regex.Pattern.compile("acct_[A-Za-z0-9]{1,59}");

    /** Where an organization's payouts go, if it said. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public java.util.Optional<PayoutAccount> account(long organizationId) {
        return store.account(organizationId);
    }

    /** What the organization's finance asks for: the rail, and its Stripe account or its bank account. */
    public record AccountChanges(String rail, String stripeAccountId, String accountHolder, String iban, String bic) {
    }

    /**
     * Saves where a provider's payouts go; every field that fails is named at once. Payouts already made keep the
     * destination they were made with.
     */
    @org.springframework.transaction.annotation.Transactional
    public PayoutAccount saveAccount(OrganizationView organization, AccountChanges changes, String actor) {
        if (!organization.provider()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "only providers receive payouts");
        }
        var errors = new java.util.ArrayList<CpxException.FieldError>();
        PayoutRailKind rail = null;
        try {
            rail = PayoutRailKind.valueOf(String.valueOf(changes.rail()));
        } catch (IllegalArgumentException unknown) {
            errors.add(new CpxException.FieldError("rail", "STRIPE_CONNECT or BANK_FILE"));
        }
        String stripeAccount = blankToNull(changes.stripeAccountId());
        String holder = blankToNull(changes.accountHolder());
        String iban = Iban.normalize(blankToNull(changes.iban()));
        String bic = blankToNull(changes.bic()) == null ? null : changes.bic().strip().toUpperCase(java.util.Locale.ROOT);
        if (rail == PayoutRailKind.STRIPE_CONNECT && (stripeAccount == null
                || !STRIPE_ACCOUNT.matcher(stripeAccount).matches())) {
            errors.add(new CpxException.FieldError("stripeAccountId", "the connected account id, acct_ and letters or digits"));
        }
        if (rail == PayoutRailKind.BANK_FILE) {
            if (holder == null || holder.length() > 70) {
                errors.add(new CpxException.FieldError("accountHolder", "the account holder's name, 1-70 characters"));
            }
            if (!Iban.valid(iban)) {
                errors.add(new CpxException.FieldError("iban", "an IBAN with valid check digits"));
            }
            if (!Iban.validBic(bic)) {
                errors.add(new CpxException.FieldError("bic", "a BIC of 8 or 11 letters and digits"));
            }
        }
        if (!errors.isEmpty()) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "payout account not saved: " + String.join(", ",
                    errors.stream().map(CpxException.FieldError::field).toList()), List.copyOf(errors));
        }
        boolean stripe = rail == PayoutRailKind.STRIPE_CONNECT;
        var account = new PayoutAccount(rail, stripe ? stripeAccount : null, stripe ? null : holder,
                stripe ? null : iban, stripe ? null : bic, clock.instant(), actor);
        store.saveAccount(organization.id(), account);
        return account;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
