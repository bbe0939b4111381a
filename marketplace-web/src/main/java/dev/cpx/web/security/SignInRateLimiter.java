package dev.cpx.web.security;

/** Bounds sign-in attempts per client in a one-minute window, across app instances when Redis is there. */
public interface SignInRateLimiter {

    /** Counts one attempt for the key; false when the key is over its limit for the current minute. */
    boolean tryAcquire(String key);
}
