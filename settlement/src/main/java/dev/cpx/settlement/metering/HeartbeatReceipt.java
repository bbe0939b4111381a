package dev.cpx.settlement.metering;

import java.util.List;

public record HeartbeatReceipt(int accepted, List<Rejection> rejected) {
}
