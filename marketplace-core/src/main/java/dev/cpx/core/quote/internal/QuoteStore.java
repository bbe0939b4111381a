package dev.cpx.core.quote.internal;

import dev.cpx.core.quote.Candidate;
import dev.cpx.core.time.UtcColumns;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Quotes and the candidates they may fall back on, so that any instance can accept them. */
@Component
public class QuoteStore {

    private final JdbcClient jdbc;

    QuoteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored quote: its owner, expiry, claim and the candidates kept, cheapest first. */
    public record StoredQuote(String id, long organizationId, Instant expiresAt, String acceptClientOrderId,
                              Integer acceptedRank, List<Candidate> candidates) {
    }

    /** One insert: the quote with its fallback candidates in one column (see {@link #encode}). */
    public void save(String id, long organizationId, Instant createdAt, Instant expiresAt, List<Candidate> fallbacks) {
        jdbc.sql("insert into market_quote (id, organization_id, created_at, expires_at, candidates) "
                        + "values (?, ?, ?, ?, ?)")
                .params(id, organizationId, UtcColumns.utc(createdAt), UtcColumns.utc(expiresAt), encode(fallbacks))
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<StoredQuote> find(String id) {
        return jdbc.sql("select organization_id, expires_at, accept_client_order_id, accepted_rank, candidates "
                        + "from market_quote where id = ?")
                .param(id)
                .query((rs, n) -> new StoredQuote(id, rs.getLong(1), UtcColumns.instant(rs, 2), rs.getString(3),
                        rs.getObject(4, Integer.class), rs.getString(5) == null ? storedAsRows(id)
                        : decode(rs.getString(5))))
                .optional();
    }

    /** The candidates of a quote stored before they were kept in a column of the quote. */
    private List<Candidate> storedAsRows(String id) {
        return jdbc.sql("select compute_class_code, region_code, delivery_start, delivery_end, gpus, "
                        + "scu_per_gpu, total_minor from market_quote_candidate where quote_id = ? order by candidate_rank")
                .param(id)
                .query((rs, n) -> new Candidate(rs.getString(1), rs.getString(2), UtcColumns.instant(rs, 3),
                        UtcColumns.instant(rs, 4), rs.getLong(5), rs.getBigDecimal(6), rs.getLong(7), null))
                .list();
    }

    /**
     * Candidates cheapest first, one line each: class, region, start and end (epoch milliseconds), GPUs, SCU per GPU and
     * total (minor units), separated by tabs. Class and region codes are catalog codes, which hold neither.
     */
    static String encode(List<Candidate> candidates) {
        var text = new StringBuilder(candidates.size() * 72);
        for (Candidate c : candidates) {
            text.append(c.computeClass()).append('\t').append(c.region()).append('\t')
                    .append(c.start().toEpochMilli()).append('\t').append(c.end().toEpochMilli()).append('\t')
                    .append(c.gpus()).append('\t').append(c.scuPerGpu().toPlainString()).append('\t')
                    .append(c.totalMinor()).append('\n');
        }
        return text.toString();
    }

    static List<Candidate> decode(String text) {
        var candidates = new ArrayList<Candidate>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalStateException("a stored quote candidate has " + f.length + " fields: " + line);
            }
            candidates.add(new Candidate(f[0], f[1], Instant.ofEpochMilli(Long.parseLong(f[2])),
                    Instant.ofEpochMilli(Long.parseLong(f[3])), Long.parseLong(f[4]), new BigDecimal(f[5]),
                    Long.parseLong(f[6]), null));
        }
        return List.copyOf(candidates);
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
