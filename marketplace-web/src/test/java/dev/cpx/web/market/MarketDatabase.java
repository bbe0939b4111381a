package dev.cpx.web.market;

import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The test's own JDBC view of the application's database: MariaDB as the cpx_it user that scripts/test.sh creates
 * (CPX_IT_DB_* variables, with the script's values as defaults), or the embedded default's H2 file, read-only and
 * only while the application is not running (H2 lets one process at a time open the file). Rows come back as text
 * so that a failing check prints what it found.
 */
final class MarketDatabase {

    private static final Pattern NAME = Pattern.compile("cpx_it_[a-z0-9_]{1,40}");

    private final String host;
    private final String port;
    private final String name;
    private final String user;
    private final String password;
    private final String url;

    private MarketDatabase(String name) {
        this.host = env("CPX_IT_DB_HOST", "127.0.0.1");
        this.port = env("CPX_IT_DB_PORT", "3306");
        this.user = env("CPX_IT_DB_USER", "cpx_it");
        this.password = env("CPX_IT_DB_PASSWORD", "cpx_it");
        this.name = name;
        this.url = "jdbc:mysql://" + host + ":" + port + "/" + name + "?connectionTimeZone=UTC";
    }

    private MarketDatabase(Path dataDir) {
        this.host = null;
        this.port = null;
        this.name = null;
        this.user = "sa";
        this.password = "";
        // Read-only, so that the test never writes to (or recovers) the file before the application does.
        this.url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("cpx") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;ACCESS_MODE_DATA=r";
    }

    /** The embedded default's database under {@code dataDir} (CPX_DATA_DIR); readable while the application is down. */
    static MarketDatabase embedded(Path dataDir) {
        return new MarketDatabase(dataDir);
    }

    /** Drops the database if it exists and creates it empty; the application's Flyway fills it on start. */
    static MarketDatabase recreate(String name) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("test databases are named cpx_it_*: " + name);
        }
        var database = new MarketDatabase(name);
        try (Connection connection = DriverManager.getConnection(database.serverUrl(), database.user,
                database.password);
             var statement = connection.createStatement()) {
            statement.execute("drop database if exists " + name);
            statement.execute("create database " + name + " character set utf8mb4 collate utf8mb4_bin");
        }
        return database;
    }

    /** The environment the application needs to run on this database and the test's Redis. */
    Map<String, String> applicationEnvironment() {
        return applicationEnvironment(host, Integer.parseInt(port));
    }

    /** As {@link #applicationEnvironment()}, with the application reaching the database at another address. */
    Map<String, String> applicationEnvironment(String databaseHost, int databasePort) {
        return Map.ofEntries(
                Map.entry("SPRING_PROFILES_ACTIVE", "prod"),
                Map.entry("CPX_DB_URL", "jdbc:mysql://" + databaseHost + ":" + databasePort + "/" + name
                        + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"),
                Map.entry("CPX_DB_USER", user),
                Map.entry("CPX_DB_PASSWORD", password),
                Map.entry("CPX_DB_PRODUCT", "MariaDB"),
                Map.entry("CPX_DB_MAJOR_VERSION", "10"),
                Map.entry("CPX_DB_MINOR_VERSION", "11"),
                Map.entry("CPX_REDIS_HOST", env("CPX_IT_REDIS_HOST", "127.0.0.1")),
                Map.entry("CPX_REDIS_PORT", env("CPX_IT_REDIS_PORT", "6379")),
                Map.entry("CPX_DEMO", "true"),
                Map.entry("CPX_SECURE_COOKIES", "false"));
    }

    String host() {
        return host;
    }

    int port() {
        return Integer.parseInt(port);
    }

    /** Each row as its columns joined with {@code |}. */
    List<String> rows(String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            var rows = new ArrayList<String>();
            try (var result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    var row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        row.append(c > 1 ? "|" : "").append(result.getString(c));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }

    long number(String sql, Object... parameters) throws SQLException {
        List<String> rows = rows(sql, parameters);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row from " + sql + ", got " + rows);
        }
        return Long.parseLong(rows.getFirst());
    }

    /** The id of the order with this client order id, if one was committed. */
    Optional<Long> orderId(String clientOrderId) throws SQLException {
        return rows("select id from market_order where client_order_id = ?", clientOrderId).stream()
                .map(Long::valueOf).findFirst();
    }

    long heldMinor(String organizationCode) throws SQLException {
        return number("select a.balance_minor from ledger_account a join organization o on o.id = a.organization_id "
                + "where o.code = ? and a.kind = 'HELD'", organizationCode);
    }

    private String serverUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/?connectionTimeZone=UTC";
    }

    private static String env(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
