package dev.cpx.settlement.period;

import dev.cpx.settlement.statement.RunKind;
import java.util.List;

/**
 * A FINAL or TRUE_UP run was stored, published inside the transaction that stores it: what follows from a frozen
 * run (its invoices) is written in the same transaction, so the run never exists without it. The statements are the
 * ones just stored, handed over so that a day of hourly contracts is not read and parsed back at once.
 */
public record FrozenRunRecorded(long periodId, long runId, int run, RunKind kind, List<RunStatement> statements) {

    public FrozenRunRecorded {
        statements = List.copyOf(statements);
    }
}
