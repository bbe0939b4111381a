package dev.cpx.web.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

/** The shared migrations run on H2 in MySQL mode, as the embedded profile uses them. */
class H2MigrationsTests {

    private final String url = "jdbc:h2:mem:migrations-" + UUID.randomUUID()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";

    private final Flyway flyway = Flyway.configure()
            .dataSource(url, "sa", "")
            .locations("classpath:db/migration")
            .load();

    @Test
    void everyMigrationAppliesToAnEmptyDatabase() {
        MigrationInfo[] pending = flyway.info().pending();

        var result = flyway.migrate();

        assertThat(pending).isNotEmpty();
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isEqualTo(pending.length);
        assertThat(flyway.info().applied()).allMatch(m -> m.getState() == MigrationState.SUCCESS);
        assertThat(flyway.info().pending()).isEmpty();
    }

    @Test
    void migratingAgainChangesNothingAndValidates() {
        flyway.migrate();

        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void referenceCatalogHasFourteenClassesAndSixRegions() throws SQLException {
        flyway.migrate();

        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertThat(count(connection, "compute_class")).isEqualTo(14);
            assertThat(count(connection, "region")).isEqualTo(6);
            assertThat(count(connection, "organization")).isZero();
            try (var statement = connection.createStatement();
                 var rows = statement.executeQuery("select scu from compute_class where code = 'H100-SXM-80G'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBigDecimal(1)).isEqualByComparingTo("9.89");
            }
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
