package dev.cpx.settlement.invoice;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.SettledContract;
import dev.cpx.settlement.statement.StatementLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random statements of a period among a few organizations that both buy and sell: contracts with SLA credits and
 * fees (sometimes none), a few tagged with projects, and adjustments of either sign.
 */
final class RandomStatements {

    static final List<String> ORGANIZATIONS = List.of("ACME", "GZDH", "NOVA", "SHCC");
    private static final List<String> INSTRUMENTS = List.of("H100-SXM-80G.CN-EAST.2026-11-24",
            "A100-80G.CN-NORTH.2026-11-24", "ASCEND-910B.CN-SOUTH.2026-11-24");

    private RandomStatements() {
    }

    record Period(List<SettledContract> contracts, List<Adjustment> adjustments) {

        Map<String, List<StatementLine>> lines(List<Adjustment> booked) {
            var lines = new TreeMap<String, List<StatementLine>>();
            for (SettledContract c : contracts) {
                lines.computeIfAbsent(c.buyer(), k -> new ArrayList<>()).add(c.forBuyer());
                lines.computeIfAbsent(c.provider(), k -> new ArrayList<>()).add(c.forProvider());
            }
            for (Adjustment a : booked) {
                lines.computeIfAbsent(a.buyer(), k -> new ArrayList<>()).add(a.forBuyer());
                lines.computeIfAbsent(a.provider(), k -> new ArrayList<>()).add(a.forProvider());
            }
            return lines;
        }
    }

    static Period period(Random random) {
        var contracts = new ArrayList<SettledContract>();
        var adjustments = new ArrayList<Adjustment>();
        for (int i = 1, n = 1 + random.nextInt(14); i <= n; i++) {
            String buyer = ORGANIZATIONS.get(random.nextInt(4));
            String provider = ORGANIZATIONS.get((ORGANIZATIONS.indexOf(buyer) + 1 + random.nextInt(3)) % 4);
            long quantity = 1 + random.nextInt(16);
            long contracted = quantity * 3600 * (1 + random.nextInt(24));
            long value = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(2_000_000);
            long credit = random.nextBoolean() ? 0 : random.nextLong(value + 1);
            long rated = value - credit;
            int feeBps = random.nextInt(4) == 0 ? 0 : 50;
            String instrument = INSTRUMENTS.get(random.nextInt(INSTRUMENTS.size()));
            contracts.add(new SettledContract(i, instrument, ORGANIZATIONS.indexOf(buyer), buyer,
                    ORGANIZATIONS.indexOf(provider), provider, quantity, 200, contracted, contracted, contracted,
                    contracted - random.nextLong(contracted / 2 + 1), value, rated, credit,
                    Money.percentOf(value, feeBps), Money.percentOf(rated, feeBps), Coverage.BOTH, 0, 0, 0, 0,
                    random.nextInt(3) == 0 ? "proj-" + random.nextInt(3) : null,
                    random.nextInt(3) == 0 ? "fleet-" + random.nextInt(2) : null));
            if (random.nextInt(3) == 0) {
                adjustments.add(new Adjustment(100 + i, 200 + i, 7, i, instrument, ORGANIZATIONS.indexOf(buyer), buyer,
                        ORGANIZATIONS.indexOf(provider), provider, random.nextInt(20_001) - 10_000));
            }
        }
        return new Period(contracts, adjustments);
    }
}
