package dev.cpx.settlement.rating;

/**
 * Which sources covered a contract's delivered time. Where both covered, the rating rule compares them; where one
 * covered alone, its figure counts as it is, and the line says so.
 */
public enum Coverage {
    /** No usage record from either side: nothing delivered. */
    NONE,
    /** Every reported interval was covered by both sides. */
    BOTH,
    /** Only the provider reported: every figure is the provider's alone. */
    PROVIDER_ONLY,
    /** Only the buyer reported: every figure is the buyer's alone. */
    BUYER_ONLY,
    /** Some intervals were covered by both sides, others by one alone. */
    PARTLY_ONE_SIDED;

    static Coverage of(boolean both, boolean providerAlone, boolean buyerAlone) {
        if (!both && !providerAlone && !buyerAlone) {
            return NONE;
        }
        if (both) {
            return providerAlone || buyerAlone ? PARTLY_ONE_SIDED : BOTH;
        }
        if (providerAlone && buyerAlone) {
            return PARTLY_ONE_SIDED;
        }
        return providerAlone ? PROVIDER_ONLY : BUYER_ONLY;
    }

    /** True when some of the rated time rests on one side's figure alone. */
    public boolean oneSided() {
        return this == PROVIDER_ONLY || this == BUYER_ONLY || this == PARTLY_ONE_SIDED;
    }
}
