package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementLine.Role;
import dev.cpx.settlement.statement.StatementTotals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Statements and platform reports whose lines and totals agree, from a seed. */
final class ReportFixtures {

    static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant PERIOD_END = Instant.parse("2026-11-08T00:00:00Z");
    static final Instant GENERATED_AT = Instant.parse("2026-11-08T01:02:03.456Z");
    static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String TRICKY_NAME = "上海算力中心, Inc.";

    /** Counterparty names a CSV or a standard PDF font can trip over. */
    static final List<String> NAMES = List.of("Acme Compute", "Nordic GPU, AB", "\"Quoted\" Cloud Ltd",
            "Line\nBreak Labs", TRICKY_NAME, "Zürich Rechenzentrum AG", "Ωmega 🚀 Labs", "Tab\tand; semicolon");

    private static final int FEE_BASIS_POINTS = 50;

    private ReportFixtures() {
    }

    static StatementDocument statement(int lineCount, long seed) {
        return statement("ACME", TRICKY_NAME, lines(lineCount, new Random(seed)));
    }

    static StatementDocument statement(String code, String name, List<StatementLine> lines) {
        return new StatementDocument(42, PERIOD_START, PERIOD_END, "CLOSED", code, name, "USD", lines,
                totals(code, lines), HASH, GENERATED_AT);
    }

    static List<StatementLine> lines(int count, Random random) {
        List<StatementLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Role role = random.nextBoolean() ? Role.BUYER : Role.PROVIDER;
            String counterparty = NAMES.get(random.nextInt(NAMES.size()));
            lines.add(line(1_000 + i, role, counterparty, random));
        }
        return lines;
    }

    private static StatementLine line(long contractId, Role role, String counterparty, Random random) {
        long quantity = 1 + random.nextInt(64);
        long hours = 1 + random.nextInt(168);
        long priceMinor = 50 + random.nextInt(800_00);
        long contractedSeconds = quantity * hours * 3_600;
        long deliveredSeconds = contractedSeconds - random.nextInt((int) Math.min(contractedSeconds, 7_200) + 1);
        long valueMinor = quantity * hours * priceMinor;
        long ratedMinor = valueMinor * deliveredSeconds / contractedSeconds;
        long slaCreditMinor = random.nextInt(4) == 0 ? ratedMinor / (5 + random.nextInt(20)) : 0;
        long feeMinor = Money.percentOf(ratedMinor, FEE_BASIS_POINTS);
        long sign = role == Role.BUYER ? -1 : 1;
        long netMinor = sign * (ratedMinor - slaCreditMinor) - feeMinor;
        return new StatementLine(contractId, "H100-SXM-80G/CN-EAST/2026-11-01", role, counterparty, quantity,
                priceMinor, contractedSeconds, deliveredSeconds, valueMinor, ratedMinor, slaCreditMinor, feeMinor,
                netMinor);
    }

    static StatementTotals totals(String organization, List<StatementLine> lines) {
        long payable = 0;
        long receivable = 0;
        long credits = 0;
        long fees = 0;
        for (StatementLine line : lines) {
            long after = line.ratedValueMinor() - line.slaCreditMinor();
            if (line.role() == Role.BUYER) {
                payable += after;
            } else {
                receivable += after;
            }
            credits += line.slaCreditMinor();
            fees += line.feeMinor();
        }
        return new StatementTotals(organization, payable, receivable, credits, fees, receivable - payable - fees);
    }

    static PlatformReport platform(int organizationCount, long seed) {
        Random random = new Random(seed);
        List<StatementTotals> organizations = new ArrayList<>(organizationCount);
        for (int i = 0; i < organizationCount; i++) {
            String name = i < NAMES.size() ? NAMES.get(i) : "Organization " + i;
            organizations.add(totals(name, lines(1 + random.nextInt(20), random)));
        }
        return platform(organizations);
    }

    static PlatformReport platform(List<StatementTotals> organizations) {
        long payable = 0;
        long receivable = 0;
        long credits = 0;
        long fees = 0;
        long net = 0;
        for (StatementTotals t : organizations) {
            payable += t.grossPayableMinor();
            receivable += t.grossReceivableMinor();
            credits += t.slaCreditsMinor();
            fees += t.feesMinor();
            net += t.netMinor();
        }
        StatementTotals sum = new StatementTotals("ALL", payable, receivable, credits, fees, net);
        return new PlatformReport(42, PERIOD_START, PERIOD_END, "CLOSED", "USD", organizations, sum, HASH,
                GENERATED_AT);
    }
}
