package dev.cpx.settlement.alerts;

import java.time.Instant;

/** One alert on one channel, as the delivery log shows it. */
public record AlertDelivery(long id, String kind, String channel, String target, String subject, String status,
                            int attempts, String lastError, Instant createdAt, Instant sentAt) {
}
