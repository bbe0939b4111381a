package dev.cpx.settlement.statement;

/**
 * The kinds of a period's runs: PRELIMINARY while the period is open (re-rated on every run, so its content may
 * change), FINAL at close and TRUE_UP after disputes are resolved (both frozen).
 */
public enum RunKind {
    PRELIMINARY,
    FINAL,
    TRUE_UP;

    public boolean frozen() {
        return this != PRELIMINARY;
    }
}
