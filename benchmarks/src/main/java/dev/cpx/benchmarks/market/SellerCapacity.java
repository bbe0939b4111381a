package dev.cpx.benchmarks.market;

import dev.cpx.core.catalog.Cpid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

/**
 * Registers the sellers' nodes: in every class and region where asks rest, nodes of 8 GPUs at the region seller's
 * site, enough to cover the largest quantity offered on any one instrument there (an ask needs unsold registered
 * capacity in its class and region). The demo nodes come on top.
 */
final class SellerCapacity {

    static final int GPUS_PER_NODE = 8;

    private final Connection db;
    private final MarketSchema schema;

    SellerCapacity(Connection db, MarketSchema schema) {
        this.db = db;
        this.schema = schema;
    }

    /** Returns how many nodes it registered. */
    int register(RestingOrders.Book book, Instant now) throws SQLException {
        long nodeId = schema.nextId("node");
        int registered = 0;
        try (PreparedStatement nodes = db.prepareStatement("insert into node (id, cpid, organization_id, site_id, "
                + "compute_class_code, gpu_count, status, registered_at, version) values (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, 0)")) {
            for (Map.Entry<String, Long> offered : book.maxOfferedByClassAndRegion().entrySet()) {
                String[] classAndRegion = offered.getKey().split("\\|");
                RestingOrders.Seller seller = RestingOrders.seller(classAndRegion[1]);
                long provider = schema.organization(seller.provider());
                long site = site(provider, seller, now);
                long count = (offered.getValue() + GPUS_PER_NODE - 1) / GPUS_PER_NODE;
                for (int n = 0; n < count; n++) {
                    String node = "RM" + String.format("%05d", registered);
                    nodes.setLong(1, nodeId++);
                    nodes.setString(2, Cpid.of(seller.region(), seller.provider(), seller.site(), node).value());
                    nodes.setLong(3, provider);
                    nodes.setLong(4, site);
                    nodes.setString(5, classAndRegion[0]);
                    nodes.setInt(6, GPUS_PER_NODE);
                    nodes.setObject(7, RestingMarketFixtures.utc(now));
                    nodes.addBatch();
                    registered++;
                }
            }
            nodes.executeBatch();
        }
        return registered;
    }

    /** The seller's site in the region, created as the application would on a first node there. */
    private long site(long provider, RestingOrders.Seller seller, Instant now) throws SQLException {
        try (PreparedStatement find = db.prepareStatement("select id, region_code from site where organization_id = ? "
                + "and code = ?")) {
            find.setLong(1, provider);
            find.setString(2, seller.site());
            try (ResultSet rs = find.executeQuery()) {
                if (rs.next()) {
                    if (!rs.getString(2).equals(seller.region())) {
                        throw new IllegalStateException("site " + seller.site() + " is in " + rs.getString(2)
                                + ", not " + seller.region());
                    }
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement insert = db.prepareStatement("insert into site (organization_id, region_code, code, "
                + "name, created_at) values (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, provider);
            insert.setString(2, seller.region());
            insert.setString(3, seller.site());
            insert.setString(4, seller.site());
            insert.setObject(5, RestingMarketFixtures.utc(now));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
