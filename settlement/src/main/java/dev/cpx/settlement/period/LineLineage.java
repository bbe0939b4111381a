package dev.cpx.settlement.period;

import dev.cpx.settlement.statement.StatementLine;

/** A statement line of a run with how many usage records of each side stand behind it (none for adjustments). */
public record LineLineage(StatementLine line, long providerRecords, long buyerRecords) {
}
