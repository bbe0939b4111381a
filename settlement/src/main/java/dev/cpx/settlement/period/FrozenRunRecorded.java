package dev.cpx.settlement.period;

import dev.cpx.settlement.statement.RunKind;

/**
 * A FINAL or TRUE_UP run was stored, published inside the transaction that stores it: what follows from a frozen
 * run (its invoices) is written in the same transaction, so the run never exists without it.
 */
public record FrozenRunRecorded(long periodId, long runId, int run, RunKind kind) {
}
