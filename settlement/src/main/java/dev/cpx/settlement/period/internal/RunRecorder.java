package dev.cpx.settlement.period.internal;

import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records a run of a period inside the caller's transaction, which holds the period's lock: builds its content
 * from the statement lines and stores it. The preliminary run keeps its number while it is re-rated.
 */
@Component
public class RunRecorder {

    private final RunStore runs;
    private final SettlementStore store;

    RunRecorder(RunStore runs, SettlementStore store) {
        this.runs = runs;
        this.store = store;
    }

    public RunContent record(PeriodView period, RunKind kind, Map<String, List<StatementLine>> lines,
                             String platform, String actor, Instant now) {
        int number = kind == RunKind.PRELIMINARY
                ? runs.runs(period.periodId()).stream().filter(r -> r.kind() == RunKind.PRELIMINARY)
                        .map(r -> r.run()).findFirst().orElseGet(() -> runs.nextRunNumber(period.periodId()))
                : runs.nextRunNumber(period.periodId());
        RunContent content = RunContent.of(new RunContent.Period(period.periodId(), period.periodStart(),
                period.periodEnd(), period.currency()), number, kind, lines, platform);
        runs.save(content, actor, now, store.organizationIds());
        return content;
    }
}
