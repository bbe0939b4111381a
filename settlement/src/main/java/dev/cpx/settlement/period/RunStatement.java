package dev.cpx.settlement.period;

import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import java.util.List;

/**
 * An organization's statement of one run, read back from its stored canonical text; {@code contentHash} is the
 * SHA-256 of {@code canonical}.
 */
public record RunStatement(RunView run, String organization, StatementTotals totals, List<StatementLine> lines,
                           String canonical, String contentHash) {
}
