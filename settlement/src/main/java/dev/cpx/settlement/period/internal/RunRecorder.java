package dev.cpx.settlement.period.internal;

import dev.cpx.settlement.period.FrozenRunRecorded;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records a run of a period inside the caller's transaction, which holds the period's lock: builds its content
 * from the statement lines and stores it. The preliminary run keeps its number while it is re-rated.
 */
@Component
public class RunRecorder {

    private final RunStore runs;
    private final SettlementStore store;
    private final ApplicationEventPublisher events;

    RunRecorder(RunStore runs, SettlementStore store, ApplicationEventPublisher events) {
        this.runs = runs;
        this.store = store;
        this.events = events;
    }

    public RunContent record(PeriodView period, RunKind kind, Map<String, List<StatementLine>> lines,
                             String platform, String actor, Instant now) {
        int number = kind == RunKind.PRELIMINARY
                ? runs.runs(period.periodId()).stream().filter(r -> r.kind() == RunKind.PRELIMINARY)
                        .map(r -> r.run()).findFirst().orElseGet(() -> runs.nextRunNumber(period.periodId()))
                : runs.nextRunNumber(period.periodId());
        RunContent content = RunContent.of(new RunContent.Period(period.periodId(), period.periodStart(),
                period.periodEnd(), period.currency()), number, kind, lines, platform);
        RunView saved = runs.save(content, actor, now, store.organizationIds());
        if (kind.frozen()) {
            events.publishEvent(new FrozenRunRecorded(saved.periodId(), saved.runId(), saved.run(), kind));
        }
        return content;
    }
}
