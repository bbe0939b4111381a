package dev.cpx.core.market.internal;

import static dev.cpx.core.time.UtcColumns.utc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The market's ownership: one row with an epoch. An instance owns the market while its lease has not expired;
 * taking it over raises the epoch, and every batch the owner commits re-checks its epoch in the same
 * transaction, so a former owner that was paused past its lease can never write again. Lease times are the
 * instances' wall clocks (UTC, kept in sync by NTP); the lease is long against any plausible skew.
 */
final class MarketLease {

    static final int SHARD = 0;

    /** A lease this instance holds: its epoch, the first sequence number it may hand out, its forward token. */
    record Held(long epoch, long nextSequence, String forwardToken) {
    }

    /** Who owns the market now, as the row says. */
    record Owner(String ownerId, String address, String forwardToken, long epoch, long expiresAtMillis) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final String ownerId;
    private volatile String address;

    MarketLease(JdbcClient jdbc, TransactionTemplate transactions, String ownerId, String address) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ownerId = ownerId;
        this.address = address;
    }

    String ownerId() {
        return ownerId;
    }

    String address() {
        return address;
    }

    /** The address other instances reach this one at, once the web server knows its port. */
    void advertise(String address) {
        this.address = address;
    }

    /** Takes the lease if it lapsed or is already ours; the epoch rises either way. */
    Optional<Held> acquire(long nowMillis, long leaseMillis) {
        return transactions.execute(status -> take(nowMillis, leaseMillis));
    }

    private Optional<Held> take(long nowMillis, long leaseMillis) {
        String token = newToken();
        int taken = jdbc.sql("update market_lease set epoch = epoch + 1, owner_id = ?, owner_address = ?, "
                        + "forward_token = ?, expires_at_ms = ?, updated_at = ? "
                        + "where shard = ? and (expires_at_ms < ? or owner_id = ?)")
                .params(ownerId, address, token, nowMillis + leaseMillis, utc(Instant.ofEpochMilli(nowMillis)),
                        SHARD, nowMillis, ownerId)
                .update();
        if (taken != 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("select epoch, next_sequence from market_lease where shard = ?").param(SHARD)
                .query((rs, n) -> new Held(rs.getLong(1), rs.getLong(2), token)).single());
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return java.util.HexFormat.of().formatHex(secret);
    }

    /**
     * Extends the lease and records the sequence high-water mark, inside the caller's transaction; false when
     * another instance took the market over (the caller must roll back).
     */
    boolean renew(long epoch, long nextSequence, long nowMillis, long leaseMillis) {
        return jdbc.sql("update market_lease set expires_at_ms = ?, next_sequence = ?, updated_at = ? "
                        + "where shard = ? and epoch = ? and owner_id = ?")
                .params(nowMillis + leaseMillis, nextSequence, utc(Instant.ofEpochMilli(nowMillis)), SHARD, epoch,
                        ownerId)
                .update() == 1;
    }

    Optional<Owner> owner() {
        return jdbc.sql("select owner_id, owner_address, forward_token, epoch, expires_at_ms from market_lease "
                        + "where shard = ?")
                .param(SHARD)
                .query((rs, n) -> new Owner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5)))
                .optional();
    }

    /** Gives the lease up at shutdown so another instance need not wait for it to lapse. */
    void release(long epoch) {
        transactions.executeWithoutResult(status -> jdbc.sql("update market_lease set expires_at_ms = 0 "
                        + "where shard = ? and epoch = ? and owner_id = ?")
                .params(SHARD, epoch, ownerId).update());
    }
}
