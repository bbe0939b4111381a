package dev.cpx.web.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The test MariaDB as the test script prepares it: user cpx_it owns every database named cpx_it*. */
public final class TestDatabases {

    public static final String HOST = env("CPX_IT_DB_HOST", "127.0.0.1");
    public static final String PORT = env("CPX_IT_DB_PORT", "3306");
    public static final String USER = env("CPX_IT_DB_USER", "cpx_it");
    public static final String PASSWORD = env("CPX_IT_DB_PASSWORD", "cpx_it");

    private TestDatabases() {
    }

    /** Drops and creates {@code name}, so every run starts from an empty database. */
    public static void recreate(String name) {
        if (!name.matches("cpx_it_[a-z0-9_]+")) {
            throw new IllegalArgumentException("test databases are named cpx_it_<purpose>: " + name);
        }
        try (Connection connection = DriverManager.getConnection(url(""), USER, PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS `" + name + "`");
            statement.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + name + " at " + url(""), e);
        }
    }

    public static String url(String database) {
        return "jdbc:mysql://" + HOST + ":" + PORT + "/" + database
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
