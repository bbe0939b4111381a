package dev.cpx.web.config;

import dev.cpx.core.catalog.MarketCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the instrument calendar filled to its horizon: at start-up and every quarter of an hour. */
@Component
class MarketCalendarJob {

    private static final Logger log = LoggerFactory.getLogger(MarketCalendarJob.class);

    private final MarketCalendar calendar;

    MarketCalendarJob(MarketCalendar calendar) {
        this.calendar = calendar;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(cron = "0 */15 * * * *", zone = "UTC")
    void extend() {
        int created = calendar.extendHorizon();
        if (created > 0) {
            log.info("Market calendar listed {} new instruments", created);
        }
    }
}
