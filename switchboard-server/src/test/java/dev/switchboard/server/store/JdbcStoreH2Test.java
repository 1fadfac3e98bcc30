package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link JdbcStoreContract} on an embedded H2 file database, a fresh one in a temporary directory per test. */
class JdbcStoreH2Test extends JdbcStoreContract {
    @TempDir
    Path tempDir;

    @Override
    protected String jdbcUrl() {
        return JdbcStore.h2FileUrl(tempDir.resolve("data"));
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "";
    }

    @Test
    void h2FileUrlCreatesTheDataDirectoryAndKeepsTheDatabaseThere() {
        Path dataDir = tempDir.resolve("nested/data");

        String url = JdbcStore.h2FileUrl(dataDir);

        assertThat(dataDir).isDirectory();
        assertThat(url).isEqualTo("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("switchboard") + ";DB_CLOSE_ON_EXIT=FALSE");
        try (JdbcStore store = JdbcStore.open(url, user(), password())) {
            store.savePasswordHash("u", "h");
        }
        assertThat(dataDir.resolve("switchboard.mv.db")).isRegularFile();
    }

    @Test
    void anUnreachableDatabaseFailsWithTheCause() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:h2:file:" + tempDir.resolve("db") + ";IFEXISTS=TRUE", user(), password()))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open the database at jdbc:h2:file:")
                .hasCauseInstanceOf(RuntimeException.class);
    }
}
