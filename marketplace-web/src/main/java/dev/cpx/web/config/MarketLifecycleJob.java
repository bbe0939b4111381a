package dev.cpx.web.config;

import dev.cpx.core.catalog.MarketCalendar;
import dev.cpx.core.catalog.NodeLiveness;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.problem.CpxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The instrument lifecycle on the market clock: lists hourly instruments up to the horizon and expires the open
 * orders of instruments whose gate has closed, releasing their holds; nodes silent past the heartbeat limit stop
 * counting as live capacity (their provider's uncovered asks are cancelled). Runs at start-up, every minute, and
 * right after the demo clock moves.
 */
@Component
public class MarketLifecycleJob {

    private static final Logger log = LoggerFactory.getLogger(MarketLifecycleJob.class);

    private final MarketCalendar calendar;
    private final MarketService market;
    private final NodeLiveness liveness;

    MarketLifecycleJob(MarketCalendar calendar, MarketService market, NodeLiveness liveness) {
        this.calendar = calendar;
        this.market = market;
        this.liveness = liveness;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public synchronized void run() {
        try {
            long startedNanos = System.nanoTime();
            int created = calendar.extendHorizon();
            if (created > 0) {
                log.info("Market calendar listed {} new instruments in {} ms", created,
                        (System.nanoTime() - startedNanos) / 1_000_000);
            }
        } catch (DataIntegrityViolationException concurrentInstance) {
            log.info("Another instance listed the same instruments first; nothing to do");
        }
        int silent = liveness.markSilentNodesDown();
        if (silent > 0) {
            log.info("{} silent nodes taken out of the market's live capacity", silent);
        }
        for (long instrumentId : market.instrumentsToExpire()) {
            try {
                market.expire(instrumentId);
            } catch (CpxException busy) {
                log.warn("Expiry of instrument {} postponed: {}", instrumentId, busy.detail());
            }
        }
    }
}
