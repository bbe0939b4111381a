package dev.cpx.core.market;

import java.time.Instant;

/**
 * A trading halt in force: of one instrument ({@code instrument} its symbol), or of every instrument of a compute
 * class ({@code instrument} null).
 */
public record MarketHalt(String instrument, String computeClass, String reason, String haltedBy, Instant haltedAt) {

    /** What is halted, in words: the symbol, or "compute class X". */
    public String target() {
        return instrument != null ? instrument : "compute class " + computeClass;
    }
}
