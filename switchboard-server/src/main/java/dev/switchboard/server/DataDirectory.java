package dev.switchboard.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.FileSessionDataStore;

import dev.switchboard.server.config.ContactCenterConfig.ServerConfig;
import dev.switchboard.server.durable.DurableState;
import dev.switchboard.server.journal.JournalException;
import dev.switchboard.server.store.JdbcStore;
import dev.switchboard.server.store.PidFile;
import dev.switchboard.server.store.StoreException;

/**
 * What the server keeps in its data directory, opened at start: the store (H2 files, or a database elsewhere), the
 * journal, the HTTP sessions. Each turns what an operator can fix (another Switchboard holds the directory, a journal
 * past recovery) into a {@link StartupException} that says what to do.
 */
final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * Keeps the HTTP sessions (a logged-in user's cookie and CSRF token) in files in {@code DATA_DIR/sessions}, so that
     * a client's cookie still works after a restart or a crash and its CometD re-handshake is authenticated: a session
     * is on disk before the response that hands out its cookie is committed.
     */
    static void keepSessionsIn(ServletContextHandler context, Path dataDir, int sessionTimeoutSeconds) throws IOException {
        Path dir = dataDir.resolve("sessions");
        Files.createDirectories(dir);
        DefaultSessionCache cache = new DefaultSessionCache(context.getSessionHandler());
        FileSessionDataStore files = new FileSessionDataStore();
        files.setStoreDir(dir.toFile());
        files.setDeleteUnrestorableFiles(true);
        // Jetty stores a session whose only change is its last access on every request unless told otherwise: a file
        // deleted and written on each REST call and long poll, before its response. Its attributes (login, CSRF token)
        // are still stored when they change; the access time at most once a minute (a tenth of the timeout when that
        // is shorter), so a session may expire that much early after a restart.
        files.setSavePeriodSec(Math.min(60, sessionTimeoutSeconds / 10));
        cache.setSessionDataStore(files);
        cache.setSaveOnCreate(true);
        cache.setFlushOnResponseCommit(true);
        context.getSessionHandler().setSessionCache(cache);
    }

    /**
     * Opens the journal in {@code DATA_DIR/journal}: a journal in use or past recovery is an error the operator can act
     * on.
     */
    static DurableState openJournal(Path dataDir) {
        Path dir = dataDir.resolve("journal");
        try {
            return DurableState.open(dir);
        } catch (JournalException failure) {
            throw new StartupException(switch (failure.reason()) {
                case IN_USE -> "the journal " + dir.toAbsolutePath().normalize() + " is in use by another Switchboard; stop that one, "
                        + "or start this one with another --data-dir";
                case CORRUPT -> "the journal " + dir.toAbsolutePath().normalize() + " cannot be recovered without losing acknowledged "
                        + "state: " + failure.getMessage();
                default -> "the journal " + dir.toAbsolutePath().normalize() + " cannot be opened: " + failure.getMessage();
            }, failure);
        }
    }

    /** Opens the store; an embedded one whose files another process holds is an error that names it. */
    static JdbcStore openStore(String url, ServerConfig settings, Path dataDir, boolean embedded) {
        try {
            return JdbcStore.open(url, settings.store().user(), settings.store().password());
        } catch (StoreException failure) {
            if (embedded && PidFile.isLocked(failure)) {
                Path dir = dataDir.toAbsolutePath().normalize();
                String holder = PidFile.holder(dataDir).map(pid -> "another Switchboard (pid " + pid + ", see "
                        + dir.resolve(PidFile.NAME) + ")").orElse("another Switchboard (or another process)");
                throw new StartupException("the data directory " + dir + " is in use by " + holder
                        + "; stop that one, or start this one with another --data-dir", failure);
            }
            throw failure;
        }
    }
}
