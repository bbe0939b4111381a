package dev.cpx.core.quote.internal;

import dev.cpx.core.quote.Candidate;
import dev.cpx.core.time.UtcColumns;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Quotes and the candidates they may fall back on, so that any instance can accept them. */
@Component
public class QuoteStore {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    QuoteStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A stored quote: its owner, expiry, claim and the candidates kept, cheapest first. */
    public record StoredQuote(String id, long organizationId, Instant expiresAt, String acceptClientOrderId,
                              Integer acceptedRank, List<Candidate> candidates) {
    }

    @Transactional
    public void save(String id, long organizationId, Instant createdAt, Instant expiresAt, List<Candidate> fallbacks) {
        jdbc.sql("insert into market_quote (id, organization_id, created_at, expires_at) values (?, ?, ?, ?)")
                .params(id, organizationId, UtcColumns.utc(createdAt), UtcColumns.utc(expiresAt)).update();
        template.batchUpdate("insert into market_quote_candidate (quote_id, candidate_rank, compute_class_code, "
                        + "region_code, delivery_start, delivery_end, gpus, scu_per_gpu, total_minor) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                java.util.stream.IntStream.range(0, fallbacks.size()).mapToObj(rank -> {
                    Candidate c = fallbacks.get(rank);
                    return new Object[] {id, rank, c.computeClass(), c.region(), UtcColumns.utc(c.start()),
                            UtcColumns.utc(c.end()), c.gpus(), c.scuPerGpu(), c.totalMinor()};
                }).toList());
    }

    @Transactional(readOnly = true)
    public Optional<StoredQuote> find(String id) {
        var candidates = jdbc.sql("select compute_class_code, region_code, delivery_start, delivery_end, gpus, "
                        + "scu_per_gpu, total_minor from market_quote_candidate where quote_id = ? order by candidate_rank")
                .param(id)
                .query((rs, n) -> new Candidate(rs.getString(1), rs.getString(2), UtcColumns.instant(rs, 3),
                        UtcColumns.instant(rs, 4), rs.getLong(5), rs.getBigDecimal(6), rs.getLong(7), null))
                .list();
        return jdbc.sql("select organization_id, expires_at, accept_client_order_id, accepted_rank from market_quote "
                        + "where id = ?")
                .param(id)
                .query((rs, n) -> new StoredQuote(id, rs.getLong(1), UtcColumns.instant(rs, 2), rs.getString(3),
                        rs.getObject(4, Integer.class), candidates))
                .optional();
    }

    /**
     * Claims the quote for an accept under {@code clientOrderId}: true when it was free or already claimed under the
     * same id (a retry), false when another accept holds it. One statement, so two instances never both claim it.
     */
    public boolean claim(String id, String clientOrderId) {
        return jdbc.sql("update market_quote set accept_client_order_id = ? where id = ? "
                        + "and (accept_client_order_id is null or accept_client_order_id = ?) and accepted_rank is null")
                .params(clientOrderId, id, clientOrderId).update() == 1;
    }

    public void accepted(String id, int rank) {
        jdbc.sql("update market_quote set accepted_rank = ? where id = ?").params(rank, id).update();
    }

    /** Frees a claim whose accept bought nothing, so the quote may be accepted again before it expires. */
    public void release(String id, String clientOrderId) {
        jdbc.sql("update market_quote set accept_client_order_id = null where id = ? and accept_client_order_id = ? "
                        + "and accepted_rank is null")
                .params(id, clientOrderId).update();
    }

    /** Forgets quotes that expired before {@code before}, accepted or not. */
    @Transactional
    public int deleteExpiredBefore(Instant before) {
        jdbc.sql("delete from market_quote_candidate where quote_id in "
                + "(select id from market_quote where expires_at < ?)").param(UtcColumns.utc(before)).update();
        return jdbc.sql("delete from market_quote where expires_at < ?").param(UtcColumns.utc(before)).update();
    }
}
