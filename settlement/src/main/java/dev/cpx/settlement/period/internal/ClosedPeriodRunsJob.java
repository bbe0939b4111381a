package dev.cpx.settlement.period.internal;

import dev.cpx.settlement.period.ClosedPeriodRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once at start-up, records the FINAL run of every period closed before runs were recorded. Each period is its own
 * transaction under the period's lock, so instances starting together record each run once; a period whose figures
 * do not add up is logged and left without runs (its reports then come from its stored statements, as before).
 */
@Component
class ClosedPeriodRunsJob {

    private static final Logger log = LoggerFactory.getLogger(ClosedPeriodRunsJob.class);

    private final ClosedPeriodRuns runs;

    ClosedPeriodRunsJob(ClosedPeriodRuns runs) {
        this.runs = runs;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordMissingFinalRuns() {
        for (long periodId : runs.periodsWithoutRuns()) {
            try {
                runs.recordFinalRun(periodId).ifPresent(run -> log.info("Period {}, closed before runs were "
                        + "recorded, has its FINAL run {}: content hash {}", periodId, run.run(), run.contentHash()));
            } catch (RuntimeException e) {
                log.error("Period {} keeps no runs: {}", periodId, e.getMessage());
            }
        }
    }
}
