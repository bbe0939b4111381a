package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.statement.PlatformReport;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementLine.Kind;
import dev.cpx.settlement.statement.StatementLine.Role;
import dev.cpx.settlement.statement.Statements;
import dev.cpx.settlement.rating.Coverage;
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
        if (random.nextInt(10) == 0) {
            long amount = random.nextInt(50_000) * (random.nextBoolean() ? 1 : -1);
            return new StatementLine(contractId, Kind.ADJUSTMENT, "H100-SXM-80G.CN-EAST.2026-11-01T05", role,
                    counterparty, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, amount, amount, null, 0, 0,
                    "adjustment on dispute 7 (discrepancy 9, period 41): " + amount, null, 7);
        }
        long quantity = 1 + random.nextInt(64);
        long hours = 1 + random.nextInt(168);
        long priceMinor = 50 + random.nextInt(800_00);
        long contractedSeconds = quantity * hours * 3_600;
        long deliveredSeconds = contractedSeconds - random.nextInt((int) Math.min(contractedSeconds, 7_200) + 1);
        long valueMinor = quantity * hours * priceMinor;
        long slaCreditMinor = random.nextInt(4) == 0 ? valueMinor / (5 + random.nextInt(20)) : 0;
        long ratedMinor = valueMinor - slaCreditMinor;
        long feeMinor = Money.percentOf(role == Role.BUYER ? valueMinor : ratedMinor, FEE_BASIS_POINTS);
        long netMinor = role == Role.BUYER ? -ratedMinor - feeMinor : ratedMinor - feeMinor;
        Coverage coverage = Coverage.values()[random.nextInt(Coverage.values().length)];
        return new StatementLine(contractId, Kind.CONTRACT, "H100-SXM-80G.CN-EAST.2026-11-01T05", role, counterparty,
                quantity, priceMinor, contractedSeconds, deliveredSeconds + random.nextInt(100),
                deliveredSeconds - random.nextInt(100), deliveredSeconds, valueMinor, ratedMinor, slaCreditMinor,
                feeMinor, 0, netMinor, coverage, coverage.oneSided() ? random.nextInt(10_000) : 0,
                random.nextInt(3), coverage.oneSided() ? "one-sided: the provider's records alone" : "");
    }

    static StatementTotals totals(String organization, List<StatementLine> lines) {
        return Statements.totals(organization, lines);
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
        long credits = organizations.stream().mapToLong(StatementTotals::slaCreditsMinor).sum() / 2;
        StatementTotals sum = Statements.platformSum(organizations, credits);
        return new PlatformReport(42, PERIOD_START, PERIOD_END, "CLOSED", "USD", organizations, sum, HASH,
                GENERATED_AT);
    }
}
