/** The market: orders through per-instrument sequencers and the matching engine, trades, contracts, node allocations. */
@org.springframework.modulith.ApplicationModule(displayName = "Market")
package dev.cpx.core.market;
