package dev.cpx.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.rating.ContractUsage;
import dev.cpx.settlement.rating.RatedContract;
import dev.cpx.settlement.rating.Rating;
import dev.cpx.settlement.rating.UsageFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The close's postings through the clearing account, on random periods (operators both buy and sell, adjustments
 * either way), checked against a ledger kept here from the contracts alone: trades fill escrow and fees, the close
 * empties escrow into clearing and pays everyone out of it. Every assertion names its seed.
 */
class ClearingPostingsTests {

    private static final List<String> ORGANIZATIONS = List.of("ACME", "GZDH", "NOVA", "SHCC");
    private static final RunContent.Period PERIOD = new RunContent.Period(7, Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"), "USD");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    private record Period(List<SettledContract> contracts, List<Adjustment> adjustments,
                          Map<String, List<StatementLine>> lines) {
    }

    private static Period randomPeriod(Random random) {
        Rating rating = new Rating(UsageFixtures.RULES);
        var contracts = new ArrayList<SettledContract>();
        var adjustments = new ArrayList<Adjustment>();
        for (int i = 0, n = 1 + random.nextInt(14); i < n; i++) {
            ContractUsage usage = UsageFixtures.random(random);
            RatedContract rated = rating.rate(usage);
            String buyer = ORGANIZATIONS.get(random.nextInt(4));
            String provider = ORGANIZATIONS.get((ORGANIZATIONS.indexOf(buyer) + 1 + random.nextInt(3)) % 4);
            contracts.add(new SettledContract(i, "H100-SXM-80G.CN-EAST.2026-11-24T0" + i % 10,
                    ORGANIZATIONS.indexOf(buyer), buyer, ORGANIZATIONS.indexOf(provider), provider, usage.quantity(),
                    200, rated.contractedGpuSeconds(), rated.providerGpuSeconds(), rated.buyerGpuSeconds(),
                    rated.deliveredGpuSeconds(), rated.valueMinor(), rated.ratedValueMinor(), rated.slaCreditMinor(),
                    Money.percentOf(usage.valueMinor(), random.nextInt(100)), rated.providerFeeMinor(),
                    rated.coverage(), rated.oneSidedProviderGpuSeconds(), rated.oneSidedBuyerGpuSeconds(),
                    rated.discrepancies().size(), (int) rated.beyondTolerance()));
            if (random.nextInt(3) == 0) {
                adjustments.add(new Adjustment(100 + i, 200 + i, 7, i, "H100-SXM-80G.CN-EAST.2026-11-24T00",
                        ORGANIZATIONS.indexOf(buyer), buyer, ORGANIZATIONS.indexOf(provider), provider,
                        random.nextInt(20_000) - 10_000));
            }
        }
        var lines = new TreeMap<String, List<StatementLine>>();
        for (SettledContract c : contracts) {
            lines.computeIfAbsent(c.buyer(), k -> new ArrayList<>()).add(c.forBuyer());
            lines.computeIfAbsent(c.provider(), k -> new ArrayList<>()).add(c.forProvider());
        }
        for (Adjustment a : adjustments) {
            lines.computeIfAbsent(a.buyer(), k -> new ArrayList<>()).add(a.forBuyer());
            lines.computeIfAbsent(a.provider(), k -> new ArrayList<>()).add(a.forProvider());
        }
        return new Period(contracts, adjustments, lines);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theCloseEmptiesEscrowThroughClearingAndLeavesTheLedgerAtZero(long seed) {
        Period period = randomPeriod(new Random(seed));
        RunContent run = RunContent.of(PERIOD, 2, RunKind.FINAL, period.lines(), "CPX");
        Netting.Result netting = Netting.net(RunContent.obligations(period.lines(), "CPX"), RunContent.CLEARING);
        ClearingPostings clearing = ClearingPostings.of(run.statements(), netting, "CPX");
        String at = "seed " + seed;

        // The ledger before the close, kept from the contracts: trades paid value into escrow, the buyer fee to fees;
        // adjustments moved between wallets when they were decided.
        Map<String, Long> ledger = new HashMap<>();
        for (SettledContract c : period.contracts()) {
            ledger.merge("wallet:" + c.buyer(), -c.valueMinor() - c.buyerFeeMinor(), Long::sum);
            ledger.merge("escrow:" + c.buyer(), c.valueMinor(), Long::sum);
            ledger.merge("fees", c.buyerFeeMinor(), Long::sum);
        }
        for (Adjustment a : period.adjustments()) {
            ledger.merge("wallet:" + a.buyer(), -a.amountMinor(), Long::sum);
            ledger.merge("wallet:" + a.provider(), a.amountMinor(), Long::sum);
        }
        for (ClearingPostings.Leg leg : clearing.legs()) {
            assertThat(leg.paidMinor()).as(at + ": paid to " + leg.organization()).isNotNegative();
            ledger.merge("escrow:" + leg.organization(), -leg.collectedMinor(), Long::sum);
            ledger.merge("clearing", leg.collectedMinor() - leg.paidMinor(), Long::sum);
            ledger.merge("wallet:" + leg.organization(), leg.paidMinor(), Long::sum);
        }
        ledger.merge("clearing", -clearing.platformFeesMinor(), Long::sum);
        ledger.merge("fees", clearing.platformFeesMinor(), Long::sum);

        assertThat(ledger.values().stream().mapToLong(Long::longValue).sum()).as(at + ": ledger sum").isZero();
        long leftToPay = netting.payments().stream().mapToLong(p -> p.to().equals(RunContent.CLEARING)
                ? p.amountMinor() : -p.amountMinor()).sum();
        assertThat(ledger.getOrDefault("clearing", 0L)).as(at + ": clearing").isEqualTo(leftToPay).isZero();
        assertThat(clearing.balanceMinor()).as(at).isZero();
        // Everything the netting says is settled: escrow is empty and each wallet moved by its net position.
        for (String organization : ORGANIZATIONS) {
            assertThat(ledger.getOrDefault("escrow:" + organization, 0L)).as(at + ": escrow " + organization)
                    .isZero();
            assertThat(ledger.getOrDefault("wallet:" + organization, 0L)).as(at + ": wallet of " + organization)
                    .isEqualTo(netting.net().getOrDefault(organization, 0L));
        }
        assertThat(ledger.getOrDefault("fees", 0L)).as(at + ": fees").isEqualTo(netting.net().getOrDefault("CPX", 0L));
        long providerFees = period.contracts().stream().mapToLong(SettledContract::providerFeeMinor).sum();
        assertThat(clearing.platformFeesMinor()).as(at + ": provider fees").isEqualTo(providerFees);
    }

    @Test
    void aNettingThatDisagreesWithTheStatementsIsRefused() {
        Period period = randomPeriod(new Random(11));
        RunContent run = RunContent.of(PERIOD, 2, RunKind.FINAL, period.lines(), "CPX");
        var obligations = new ArrayList<>(RunContent.obligations(period.lines(), "CPX"));
        List<String> parties = List.copyOf(run.statements().keySet());
        obligations.add(new Netting.Obligation(parties.getFirst(), parties.getLast(), 1));
        Netting.Result wrong = Netting.net(obligations, RunContent.CLEARING);
        assertThatThrownBy(() -> ClearingPostings.of(run.statements(), wrong, "CPX"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not match its statement");
    }
}
