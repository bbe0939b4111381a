package dev.cpx.settlement.metering;

import java.util.List;

/** What happened to a batch of usage records. */
public record UsageReceipt(int accepted, int duplicates, List<Rejection> rejected) {
}
