package dev.cpx.settlement.rating;

import java.math.BigInteger;

/**
 * A non-negative rational number of GPU-seconds. A record spread over the hours and the covered parts it spans
 * seldom splits into whole GPU-seconds; rounding each part would let a higher report move a GPU-second out of a
 * part and lower the rated figure, so rating keeps every part exact and rounds once, at the end.
 */
final class Exact implements Comparable<Exact> {

    static final Exact ZERO = new Exact(BigInteger.ZERO, BigInteger.ONE);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Exact(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    static Exact of(long whole) {
        return whole == 0 ? ZERO : new Exact(BigInteger.valueOf(whole), BigInteger.ONE);
    }

    /** {@code part x numerator / denominator}, reduced. */
    static Exact share(long amount, long part, long whole) {
        if (amount < 0 || part < 0 || whole <= 0) {
            throw new IllegalArgumentException("a share is of non-negative amounts over a positive whole: "
                    + amount + " x " + part + " / " + whole);
        }
        return reduced(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(part)), BigInteger.valueOf(whole));
    }

    Exact plus(Exact other) {
        if (other.numerator.signum() == 0) {
            return this;
        }
        if (numerator.signum() == 0) {
            return other;
        }
        if (denominator.equals(other.denominator)) {
            return reduced(numerator.add(other.numerator), denominator);
        }
        return reduced(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    Exact plus(long whole) {
        return plus(of(whole));
    }

    Exact min(Exact other) {
        return compareTo(other) <= 0 ? this : other;
    }

    Exact min(long whole) {
        return min(of(whole));
    }

    /** {@code this - other}, for a smaller or equal {@code other}. */
    Exact minus(Exact other) {
        if (other.compareTo(this) > 0) {
            throw new IllegalArgumentException(other + " is more than " + this);
        }
        return reduced(numerator.multiply(other.denominator).subtract(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    long floor() {
        return numerator.divide(denominator).longValueExact();
    }

    long roundHalfUp() {
        BigInteger[] division = numerator.divideAndRemainder(denominator);
        return (division[1].shiftLeft(1).compareTo(denominator) >= 0 ? division[0].add(BigInteger.ONE)
                : division[0]).longValueExact();
    }

    /** {@code amount x (whole - this) / whole}, rounded half up: the share of an amount this falls short by. */
    long shortfallShareHalfUp(long amount, long whole) {
        BigInteger wholeScaled = BigInteger.valueOf(whole).multiply(denominator);
        BigInteger missing = wholeScaled.subtract(numerator);
        if (missing.signum() < 0) {
            throw new IllegalArgumentException(this + " is more than " + whole);
        }
        BigInteger[] division = BigInteger.valueOf(amount).multiply(missing).divideAndRemainder(wholeScaled);
        return (division[1].shiftLeft(1).compareTo(wholeScaled) >= 0 ? division[0].add(BigInteger.ONE)
                : division[0]).longValueExact();
    }

    boolean isZero() {
        return numerator.signum() == 0;
    }

    @Override
    public int compareTo(Exact other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Exact exact && numerator.equals(exact.numerator)
                && denominator.equals(exact.denominator);
    }

    @Override
    public int hashCode() {
        return numerator.hashCode() * 31 + denominator.hashCode();
    }

    @Override
    public String toString() {
        return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
    }

    private static Exact reduced(BigInteger numerator, BigInteger denominator) {
        if (numerator.signum() == 0) {
            return ZERO;
        }
        BigInteger gcd = numerator.gcd(denominator);
        return gcd.equals(BigInteger.ONE) ? new Exact(numerator, denominator)
                : new Exact(numerator.divide(gcd), denominator.divide(gcd));
    }
}
