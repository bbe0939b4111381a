package dev.cpx.settlement.period.internal;

import dev.cpx.settlement.period.FrozenRunRecorded;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.RunStatement;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Records a run of a period inside the caller's transaction, which holds the period's lock: builds its content
 * from the statement lines and stores it under the period's next number. A rating that changes nothing keeps the
 * latest PRELIMINARY run instead of numbering a copy of it.
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
        RunContent.Period named = new RunContent.Period(period.periodId(), period.periodStart(), period.periodEnd(),
                period.currency());
        if (kind == RunKind.PRELIMINARY) {
            Optional<RunContent> same = unchangedPreliminary(named, lines, platform);
            if (same.isPresent()) {
                return same.get();
            }
        }
        RunContent content = RunContent.of(named, runs.nextRunNumber(period.periodId()), kind, lines, platform);
        RunView saved = runs.save(content, actor, now, store.organizationIds());
        if (kind == RunKind.PRELIMINARY) {
            runs.prunePreliminary(period.periodId(), RunStore.KEPT_PRELIMINARY_RUNS);
        }
        if (kind.frozen()) {
            var statements = new ArrayList<RunStatement>();
            content.statements().forEach((organization, s) -> statements.add(new RunStatement(saved, organization,
                    s.totals(), s.lines(), s.canonical(), s.contentHash())));
            events.publishEvent(new FrozenRunRecorded(saved.periodId(), saved.runId(), saved.run(), kind, statements));
        }
        return content;
    }

    /** The latest run, when it is PRELIMINARY and these lines would give it the same content. */
    private Optional<RunContent> unchangedPreliminary(RunContent.Period period, Map<String, List<StatementLine>> lines,
                                                      String platform) {
        List<RunView> all = runs.runs(period.periodId());
        if (all.isEmpty() || all.getLast().kind() != RunKind.PRELIMINARY) {
            return Optional.empty();
        }
        RunView latest = all.getLast();
        RunContent content = RunContent.of(period, latest.run(), RunKind.PRELIMINARY, lines, platform);
        return content.contentHash().equals(latest.contentHash()) ? Optional.of(content) : Optional.empty();
    }
}
