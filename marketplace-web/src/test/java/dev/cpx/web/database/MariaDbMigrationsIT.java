package dev.cpx.web.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The migrations on a real, empty MariaDB, then the application in its production shape on that database:
 * MariaDB dialect, demo data, repositories round-tripping, instants stored as UTC. The JVM runs in
 * Asia/Shanghai meanwhile, so a value written in the local zone would show up as eight hours off.
 */
class MariaDbMigrationsIT {

    private static final String DATABASE = "cpx_it_migrations";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();

    private static final AtomicInteger NEXT_NODE = new AtomicInteger();

    private static TimeZone originalZone;
    private static MigrateResult migration;
    private static CpxInstance app;

    @BeforeAll
    static void migrateAnEmptyDatabaseAndStartTheApplication() {
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
        TestDatabases.recreate(DATABASE);
        migration = flyway().migrate();
        app = CpxInstance.start(DATABASE, REDIS_PREFIX);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.deleteRedisKeys(REDIS_PREFIX);
            app.close();
        }
        TimeZone.setDefault(originalZone);
    }

    @Test
    void flywayAppliesEveryMigrationToTheEmptyDatabase() {
        assertThat(migration.success).isTrue();
        assertThat(migration.migrationsExecuted).isGreaterThanOrEqualTo(2);
        var info = flyway().info();
        assertThat(info.pending()).isEmpty();
        assertThat(info.applied()).hasSize(migration.migrationsExecuted)
                .allMatch(m -> m.getState() == MigrationState.SUCCESS);
        assertThat(flyway().validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void hibernateUsesTheMariaDbDialect() {
        var dialect = app.bean(EntityManagerFactory.class).unwrap(SessionFactoryImplementor.class)
                .getJdbcServices().getDialect();

        assertThat(dialect).isInstanceOf(MariaDBDialect.class);
        assertThat(dialect.getVersion().getMajor()).isEqualTo(10);
    }

    @Test
    void demoDataIsLoaded() throws SQLException {
        assertThat(app.bean(IdentityService.class).organizations()).extracting(OrganizationView::code)
                .containsExactlyInAnyOrder("ACME", "CPX", "GZDH", "NOVA", "SHCC");
        try (Connection connection = TestDatabases.connect(DATABASE)) {
            assertThat(count(connection, "select count(*) from node")).isGreaterThanOrEqualTo(16);
            assertThat(count(connection, "select count(*) from app_user")).isGreaterThanOrEqualTo(10);
            // Every class in every region, hour by hour from the first hour still open to the end of today + 13.
            long instruments = count(connection, "select count(*) from instrument");
            assertThat(instruments % (14 * 6)).as("%d instruments over 14 classes x 6 regions", instruments).isZero();
            assertThat(instruments / (14 * 6)).isBetween(13L * 24, 14L * 24);
        }
    }

    @Test
    void computeClassesReadTheSameThroughServiceAndApiAndCache() {
        var service = app.bean(CatalogService.class).computeClasses();
        Browser browser = app.browser();

        JsonNode first = browser.get("/api/v1/compute-classes").json();
        JsonNode cached = browser.get("/api/v1/compute-classes").json();

        assertThat(service).hasSize(14);
        assertThat(first.size()).isEqualTo(14);
        assertThat(cached).isEqualTo(first);
        JsonNode h100 = first.values().stream().filter(c -> c.get("code").asString().equals("H100-SXM-80G"))
                .findFirst().orElseThrow();
        assertThat(h100.get("scu").asString()).isEqualTo("9.89");
    }

    @Test
    void registeredNodeReadsBackWithTheInstantItWasRegisteredAt() {
        JsonNode created = registerNode();

        JsonNode listed = ownNode(created.get("cpid").asString());

        // To the second: MySQL Connector/J sends no fraction to MariaDB 10.x (see the test below).
        assertThat(Instant.parse(listed.get("registeredAt").asString()).truncatedTo(ChronoUnit.SECONDS))
                .isEqualTo(Instant.parse(created.get("registeredAt").asString()).truncatedTo(ChronoUnit.SECONDS));
        assertThat(listed.get("cpid")).isEqualTo(created.get("cpid"));
        assertThat(listed.get("gpuCount")).isEqualTo(created.get("gpuCount"));
    }

    @Test
    void instantsAreStoredAsUtcWallClockTime() throws SQLException {
        JsonNode created = registerNode();
        Instant registeredAt = Instant.parse(created.get("registeredAt").asString());

        LocalDateTime stored = storedRegisteredAt(created.get("cpid").asString());

        // Compared to the second: the zone is at stake here, the fraction in the test above.
        assertThat(stored.truncatedTo(ChronoUnit.SECONDS))
                .isEqualTo(LocalDateTime.ofInstant(registeredAt, ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void instantsKeepTheirFractionOfASecondInTheDatabase() throws SQLException {
        // MySQL Connector/J reads MariaDB 10.x's "5.5.5-10.x" greeting as a server without fractional seconds and
        // sends none; MySQL 8 (production) and MariaDB 11.4+ keep them. Checked only where the driver sends them.
        org.junit.jupiter.api.Assumptions.assumeFalse(serverVersion().startsWith("5.5.5-"),
                "MySQL Connector/J sends no fractional seconds to MariaDB 10.x");
        JsonNode created = registerNode();
        Instant registeredAt = Instant.parse(created.get("registeredAt").asString());

        LocalDateTime stored = storedRegisteredAt(created.get("cpid").asString());

        assertThat(stored).as("DATETIME(6) holds microseconds")
                .isEqualTo(LocalDateTime.ofInstant(registeredAt, ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    @Test
    void hourlyInstrumentsAreServedFromMariaDb() {
        String day = java.time.LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        Reply reply = app.browser().get("/api/v1/instruments?computeClass=H100-SXM-80G&region=CN-EAST&from=" + day
                + "T10&to=" + day + "T12");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().size()).isEqualTo(2);
        assertThat(reply.json().get(0).get("deliveryStart").asString()).isEqualTo(day + "T10:00:00Z");
        assertThat(reply.json().get(0).get("symbol").asString()).isEqualTo("H100-SXM-80G.CN-EAST." + day + "T10");
    }

    private static String serverVersion() throws SQLException {
        try (var connection = app.bean(javax.sql.DataSource.class).getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        }
    }

    private static JsonNode registerNode() {
        String cpid = Cpid.of("CN-EAST", "SHCC", "SH01", "M" + NEXT_NODE.incrementAndGet()).value();
        Reply created = app.browser().postJson("/api/v1/nodes", """
                {"cpid": "%s", "computeClass": "H100-SXM-80G", "gpuCount": 8}""".formatted(cpid),
                "Authorization", Browser.bearer("demo-shcc-key"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json();
    }

    private static JsonNode ownNode(String cpid) {
        return app.browser().get("/api/v1/nodes?size=500", "Authorization", Browser.bearer("demo-shcc-key"))
                .json().values().stream().filter(n -> n.get("cpid").asString().equals(cpid)).findFirst()
                .orElseThrow();
    }

    private static LocalDateTime storedRegisteredAt(String cpid) throws SQLException {
        try (Connection connection = TestDatabases.connect(DATABASE);
             var statement = connection.prepareStatement("select registered_at from node where cpid = ?")) {
            statement.setString(1, cpid);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getObject(1, LocalDateTime.class);
            }
        }
    }

    private static Flyway flyway() {
        return Flyway.configure()
                .dataSource(TestDatabases.url(DATABASE), TestDatabases.USER, TestDatabases.PASSWORD)
                .locations("classpath:db/migration")
                .load();
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
