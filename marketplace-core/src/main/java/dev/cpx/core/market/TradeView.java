package dev.cpx.core.market;

import dev.cpx.core.engine.Side;
import java.time.Instant;

/** A trade as market data shows it: no parties. */
public record TradeView(long tradeId, long priceTicks, long quantity, Instant executedAt, Side aggressorSide) {
}
