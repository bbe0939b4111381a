/** The market: orders through the market core and its journal, trades, contracts, node allocations. */
@org.springframework.modulith.ApplicationModule(displayName = "Market")
package dev.cpx.core.market;
