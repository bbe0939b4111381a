package dev.cpx.core.market.core;

/**
 * The market's rules as the core enforces them.
 *
 * @param buyerFeeBasisPoints the buyer's fee on a contract's value
 * @param maxQuantity the largest order, in GPUs
 * @param maxPriceTicks the highest price per GPU-hour, in ticks
 * @param maxRestingOrdersPerBook the most orders resting in one book
 * @param maxOpenOrdersPerOrganizationPerBook the most orders one organization may have resting in one book
 * @param priceBandPercent how far from the reference price an order may be priced, in percent of it
 * @param maxPriceSpanTicks how far apart the lowest and highest price of one side may be; bounds book memory
 * @param ordersPerSecond sustained order entries (places and amends) per organization per second
 * @param orderBurst order entries one organization may send at once before the rate applies
 */
public record CoreRules(int buyerFeeBasisPoints, long maxQuantity, long maxPriceTicks, int maxRestingOrdersPerBook,
                        int maxOpenOrdersPerOrganizationPerBook, int priceBandPercent, int maxPriceSpanTicks,
                        int ordersPerSecond, int orderBurst) {

    public CoreRules {
        if (buyerFeeBasisPoints < 0 || buyerFeeBasisPoints > 1000) {
            throw new IllegalArgumentException("buyerFeeBasisPoints must be 0-1000");
        }
        if (maxQuantity < 1 || maxPriceTicks < 1 || maxRestingOrdersPerBook < 1) {
            throw new IllegalArgumentException("quantity, price and book limits must be positive");
        }
        if (maxOpenOrdersPerOrganizationPerBook < 1 || maxOpenOrdersPerOrganizationPerBook > maxRestingOrdersPerBook) {
            throw new IllegalArgumentException("maxOpenOrdersPerOrganizationPerBook must be 1.." + maxRestingOrdersPerBook);
        }
        if (priceBandPercent < 1 || priceBandPercent > 1000) {
            throw new IllegalArgumentException("priceBandPercent must be 1-1000");
        }
        if (maxPriceSpanTicks < 2) {
            throw new IllegalArgumentException("maxPriceSpanTicks must be at least 2");
        }
        if (ordersPerSecond < 1 || orderBurst < 1) {
            throw new IllegalArgumentException("ordersPerSecond and orderBurst must be positive");
        }
    }
}
