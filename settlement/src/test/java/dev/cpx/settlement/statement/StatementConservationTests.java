package dev.cpx.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.rating.ContractUsage;
import dev.cpx.settlement.rating.RatedContract;
import dev.cpx.settlement.rating.Rating;
import dev.cpx.settlement.rating.UsageFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A period of random contracts between a few organizations (operators both buy and sell), rated, with a few
 * adjustments: statements, netting and the platform report must all agree, to the cent (the close's ledger
 * postings: {@link ClearingPostingsTests}). Every assertion names its seed.
 */
class StatementConservationTests {

    private static final List<String> ORGANIZATIONS = List.of("ACME", "GZDH", "NOVA", "SHCC");
    private static final int BUYER_FEE_BPS = 50;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void statementsNettingPlatformReportAndLedgerAgree(long seed) {
        Random random = new Random(seed);
        Rating rating = new Rating(UsageFixtures.RULES);
        var contracts = new ArrayList<SettledContract>();
        var adjustments = new ArrayList<Adjustment>();
        for (int i = 0, n = 2 + random.nextInt(12); i < n; i++) {
            ContractUsage usage = UsageFixtures.random(random);
            RatedContract rated = rating.rate(usage);
            String buyer = ORGANIZATIONS.get(random.nextInt(4));
            String provider = ORGANIZATIONS.get((ORGANIZATIONS.indexOf(buyer) + 1 + random.nextInt(3)) % 4);
            long buyerFee = Money.percentOf(usage.valueMinor(), BUYER_FEE_BPS);
            contracts.add(new SettledContract(i, "H100.CN-EAST.2026-11-24T0" + i % 10, ORGANIZATIONS.indexOf(buyer),
                    buyer, ORGANIZATIONS.indexOf(provider), provider, usage.quantity(), 200,
                    rated.contractedGpuSeconds(), rated.providerGpuSeconds(), rated.buyerGpuSeconds(),
                    rated.deliveredGpuSeconds(), rated.valueMinor(), rated.ratedValueMinor(), rated.slaCreditMinor(),
                    buyerFee, rated.providerFeeMinor(), rated.coverage(), rated.oneSidedProviderGpuSeconds(),
                    rated.oneSidedBuyerGpuSeconds(), rated.discrepancies().size(), (int) rated.beyondTolerance()));
            if (random.nextInt(4) == 0) {
                adjustments.add(new Adjustment(100 + i, 200 + i, 7, i, "H100.CN-EAST.2026-11-24T00",
                        ORGANIZATIONS.indexOf(buyer), buyer, ORGANIZATIONS.indexOf(provider), provider,
                        random.nextInt(20_000) - 10_000));
            }
        }
        var lines = new TreeMap<String, List<StatementLine>>();
        var obligations = new ArrayList<Netting.Obligation>();
        for (SettledContract c : contracts) {
            lines.computeIfAbsent(c.buyer(), k -> new ArrayList<>()).add(c.forBuyer());
            lines.computeIfAbsent(c.provider(), k -> new ArrayList<>()).add(c.forProvider());
            obligations.add(new Netting.Obligation(c.buyer(), c.provider(), c.ratedValueMinor()));
            obligations.add(new Netting.Obligation(c.buyer(), "CPX", c.buyerFeeMinor()));
            obligations.add(new Netting.Obligation(c.provider(), "CPX", c.providerFeeMinor()));
        }
        for (Adjustment a : adjustments) {
            lines.computeIfAbsent(a.buyer(), k -> new ArrayList<>()).add(a.forBuyer());
            lines.computeIfAbsent(a.provider(), k -> new ArrayList<>()).add(a.forProvider());
            obligations.add(a.amountMinor() >= 0 ? new Netting.Obligation(a.buyer(), a.provider(), a.amountMinor())
                    : new Netting.Obligation(a.provider(), a.buyer(), -a.amountMinor()));
        }
        var totals = new ArrayList<StatementTotals>();
        lines.forEach((org, own) -> totals.add(Statements.totals(org, own)));
        Netting.Result netting = Netting.net(obligations, "CLEARING");

        String at = "seed " + seed;
        long fees = contracts.stream().mapToLong(c -> c.buyerFeeMinor() + c.providerFeeMinor()).sum();
        long credits = contracts.stream().mapToLong(SettledContract::slaCreditMinor).sum();
        for (StatementTotals t : totals) {
            long lineNets = lines.get(t.organization()).stream().mapToLong(StatementLine::netMinor).sum();
            assertThat(t.netMinor()).as(at + ": " + t.organization() + " lines").isEqualTo(lineNets);
            assertThat(t.netMinor()).as(at + ": " + t.organization() + " paid")
                    .isEqualTo(t.paidAtCloseMinor() - t.prepaidMinor() + t.adjustmentsMinor());
            assertThat(netting.net().getOrDefault(t.organization(), 0L)).as(at + ": " + t.organization() + " netting")
                    .isEqualTo(t.netMinor());
        }
        assertThat(totals.stream().mapToLong(StatementTotals::netMinor).sum() + fees).as(at + ": nets").isZero();
        assertThat(netting.net().getOrDefault("CPX", 0L)).as(at + ": platform").isEqualTo(fees);
        StatementTotals sum = Statements.platformSum(totals, credits);
        assertThat(sum.slaCreditsMinor()).as(at + ": credits once").isEqualTo(credits);
        assertThat(totals.stream().mapToLong(StatementTotals::slaCreditsMinor).sum()).as(at).isEqualTo(2 * credits);
        assertThat(sum.adjustmentsMinor()).as(at + ": adjustments").isZero();
        assertThat(sum.grossPayableMinor()).as(at).isEqualTo(sum.grossReceivableMinor());
        assertThat(sum.netMinor()).as(at).isEqualTo(-fees);
        Map<String, Long> prepaid = new TreeMap<>();
        contracts.forEach(c -> prepaid.merge(c.buyer(), c.valueMinor() + c.buyerFeeMinor(), Long::sum));
        totals.forEach(t -> assertThat(t.prepaidMinor()).as(at + ": prepaid " + t.organization())
                .isEqualTo(prepaid.getOrDefault(t.organization(), 0L)));
    }
}
