package dev.cpx.core.identity;

import java.time.Duration;

/** How many failed sign-ins in a row pause an account, and for how long. */
public record SignInPolicy(int maxFailures, Duration lockDuration) {

    public SignInPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("lockDuration must be positive");
        }
    }
}
