package dev.cpx.web.portal.market;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only: a provider's open asks and sold GPUs per instrument, for the capacity page. The market module
 * has these figures per instrument only (for its pre-trade check); the page needs them for many at once.
 */
@Component
class ProviderPositions {

    static final int MAX_INSTRUMENTS = 2000;

    private final JdbcClient jdbc;

    ProviderPositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Remaining quantity of the organization's open asks, by instrument id. */
    Map<Long, Long> offered(long organizationId, List<Long> instrumentIds) {
        return sums("""
                select instrument_id, sum(remaining_quantity) from market_order
                where organization_id = :org and side = 'SELL' and status in ('NEW', 'PARTIALLY_FILLED')
                  and instrument_id in (:ids) group by instrument_id""", organizationId, instrumentIds);
    }

    /** GPUs the organization sold as provider, by instrument id. */
    Map<Long, Long> sold(long organizationId, List<Long> instrumentIds) {
        return sums("""
                select instrument_id, sum(quantity) from contract
                where provider_org_id = :org and instrument_id in (:ids) group by instrument_id""",
                organizationId, instrumentIds);
    }

    private Map<Long, Long> sums(String sql, long organizationId, List<Long> instrumentIds) {
        var result = new HashMap<Long, Long>();
        if (instrumentIds.isEmpty()) {
            return result;
        }
        // A provider of several classes and regions has 14 x 24 open hours of each: ask in lists the drivers take.
        for (int from = 0; from < instrumentIds.size(); from += MAX_INSTRUMENTS) {
            List<Long> part = instrumentIds.subList(from, Math.min(instrumentIds.size(), from + MAX_INSTRUMENTS));
            jdbc.sql(sql).param("org", organizationId).param("ids", part)
                    .query((rs, n) -> result.put(rs.getLong(1), rs.getLong(2))).list();
        }
        return result;
    }
}
