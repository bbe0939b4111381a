package dev.cpx.web.config;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Before anything opens the embedded database: when another running copy of CPX holds the H2 file of the same data
 * folder, start-up stops with one plain sentence ({@link DataFolderInUseFailureAnalyzer}) instead of a connection
 * pool's stack trace. Opens the database once, only if it exists, and closes it at once.
 */
public final class DataFolderLockCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final String H2_FILE = "jdbc:h2:file:";
    /** H2's "Database may be already in use": another process holds the file lock. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        var environment = event.getEnvironment();
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || !url.startsWith(H2_FILE)) {
            return;
        }
        try (var connection = DriverManager.getConnection(url + ";IFEXISTS=TRUE",
                environment.getProperty("spring.datasource.username", "sa"),
                environment.getProperty("spring.datasource.password", ""))) {
            connection.isValid(1);
        } catch (SQLException failed) {
            if (failed.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new DataFolderInUseException(folder(url), failed);
            }
            // Anything else (no database yet, a damaged file) is for the real start-up to report.
        }
    }

    /** The data folder: the directory of the database file named in the URL. */
    static Path folder(String url) {
        String file = url.substring(H2_FILE.length());
        int settings = file.indexOf(';');
        Path database = Path.of(settings < 0 ? file : file.substring(0, settings)).toAbsolutePath().normalize();
        return database.getParent() == null ? database : database.getParent();
    }

    @Override
    public int getOrder() {
        // After logging is set up, so the failure report reaches the console.
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Another copy of CPX runs on this data folder. */
    public static final class DataFolderInUseException extends RuntimeException {

        private final transient Path folder;

        DataFolderInUseException(Path folder, Throwable cause) {
            super("the embedded database in " + folder + " is open in another process", cause);
            this.folder = folder;
        }

        public Path folder() {
            return folder;
        }
    }
}
