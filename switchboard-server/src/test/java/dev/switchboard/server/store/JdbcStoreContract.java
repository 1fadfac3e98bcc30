package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.store.AgentStateEntry;

/**
 * The behaviour {@link JdbcStore} must show on every database it supports. A subclass supplies the database. Each
 * test names its users and things with a suffix of its own, so that the tests may share one database (the PostgreSQL
 * subclass makes one per class) without seeing each other's rows.
 */
abstract class JdbcStoreContract {
    private static final Instant BASE = Instant.parse("2025-03-04T05:06:07.123456Z");

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** The URL of the database under test; the same database for every call within one test. */
    protected abstract String jdbcUrl();

    protected abstract String user();

    protected abstract String password();

    protected JdbcStore open() {
        return JdbcStore.open(jdbcUrl(), user(), password());
    }

    /** A name no other test uses. */
    protected String key(String name) {
        return name + "-" + run;
    }

    @Test
    void idsAreStableAcrossCloseAndReopen() {
        String user;
        String place;
        try (JdbcStore store = open()) {
            user = store.stableId("user", key("alice"), () -> "user-" + run);
            place = store.stableId("place", key("alice"), () -> "place-" + run);
            assertThat(user).isEqualTo("user-" + run);
            assertThat(place).isEqualTo("place-" + run);
            assertThat(store.stableId("user", key("alice"), () -> fail("a stored id must be reused"))).isEqualTo(user);
        }
        try (JdbcStore store = open()) {
            assertThat(store.stableId("user", key("alice"), () -> fail("a stored id must survive a reopen"))).isEqualTo(user);
            assertThat(store.stableId("place", key("alice"), () -> fail("a stored id must survive a reopen"))).isEqualTo(place);
        }
    }

    @Test
    void concurrentCallersForOneKeyAllGetTheSameId() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (JdbcStore store = open()) {
            // Several rounds, because a single round may happen not to interleave the select and the insert.
            for (int round = 0; round < 20; round++) {
                String device = key("device-" + round);
                AtomicInteger generated = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(executor.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return store.stableId("device", device, () -> {
                            generated.incrementAndGet();
                            return UUID.randomUUID().toString();
                        });
                    }));
                }
                Set<String> ids = new HashSet<>();
                for (Future<String> result : results) {
                    ids.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(ids).as("ids handed out in round %d (%d generated)", round, generated.get()).hasSize(1);
                assertThat(store.stableId("device", device, () -> fail("the winning id must be stored")))
                        .isEqualTo(ids.iterator().next());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theLoserOfAnInsertRaceGetsTheWinnersId() {
        try (JdbcStore store = open()) {
            // The supplier runs between the outer select and insert: storing another id right there is the race.
            String id = store.stableId("user", key("bob"), () -> {
                assertThat(store.stableId("user", key("bob"), () -> "winner-" + run)).isEqualTo("winner-" + run);
                return "loser-" + run;
            });

            assertThat(id).isEqualTo("winner-" + run);
            assertThat(store.stableId("user", key("bob"), () -> fail("the winning id must be stored"))).isEqualTo(id);
        }
    }

    @Test
    void anIdAlreadyUsedByAnotherThingFailsInsteadOfBeingSwallowed() {
        try (JdbcStore store = open()) {
            store.stableId("user", key("carol"), () -> "taken-" + run);

            assertThatThrownBy(() -> store.stableId("user", key("dave"), () -> "taken-" + run))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("already in use")
                    .cause().isInstanceOf(SQLException.class);
            assertThat(store.stableId("user", key("dave"), () -> "free-" + run)).isEqualTo("free-" + run);
        }
    }

    @Test
    void passwordHashIsSavedReplacedAndRead() {
        String user = key("user");
        try (JdbcStore store = open()) {
            assertThat(store.passwordHash(user)).isEmpty();

            store.savePasswordHash(user, "$2a$10$first");
            assertThat(store.passwordHash(user)).contains("$2a$10$first");

            store.savePasswordHash(user, "$2a$10$second");
            assertThat(store.passwordHash(user)).contains("$2a$10$second");
            assertThat(store.passwordHash(key("someone-else"))).isEmpty();
        }
        try (JdbcStore store = open()) {
            assertThat(store.passwordHash(user)).contains("$2a$10$second");
        }
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        String agent = key("agent");
        AgentStateEntry login = new AgentStateEntry(agent, "1001", "NOT_READY", null, true, BASE);
        AgentStateEntry ready = new AgentStateEntry(agent, "1001", "READY", "AutoIn", false, BASE.plusSeconds(1));
        // Same time as ready: the order they were appended in decides.
        AgentStateEntry afterCall = new AgentStateEntry(agent, "1001", "AFTER_CALL_WORK", null, false, BASE.plusSeconds(1));
        AgentStateEntry logout = new AgentStateEntry(agent, "1001", "LOGGED_OUT", null, false, BASE.plusSeconds(2));
        // Appended last but older than the rest: time decides before the append order.
        AgentStateEntry late = new AgentStateEntry(agent, "1001", "AUX_WORK", null, false, BASE.minusSeconds(1));
        AgentStateEntry other = new AgentStateEntry(key("other"), "1002", "READY", null, false, BASE.plusSeconds(10));
        try (JdbcStore store = open()) {
            for (AgentStateEntry entry : List.of(login, ready, afterCall, logout, other, late)) {
                store.append(entry);
            }

            assertThat(store.history(agent, 10)).containsExactly(logout, afterCall, ready, login, late);
            assertThat(store.history(agent, 2)).containsExactly(logout, afterCall);
            assertThat(store.history(agent, 0)).isEmpty();
            assertThat(store.history(key("nobody"), 10)).isEmpty();
        }
        try (JdbcStore store = open()) {
            assertThat(store.history(agent, 10)).containsExactly(logout, afterCall, ready, login, late);
        }
    }

    @Test
    void latestEntriesAreEachUsersNewestInTheHistorysOrder() {
        String agent = key("agent");
        String other = key("other");
        AgentStateEntry ready = new AgentStateEntry(agent, "1001", "READY", "AutoIn", true, BASE.plusSeconds(1));
        // Same time as ready, appended later: the newest.
        AgentStateEntry afterCall = new AgentStateEntry(agent, "1001", "AFTER_CALL_WORK", null, false, BASE.plusSeconds(1), "Wrap");
        // Appended last but older: not the newest.
        AgentStateEntry late = new AgentStateEntry(agent, "1001", "AUX_WORK", null, false, BASE.minusSeconds(1));
        AgentStateEntry logout = new AgentStateEntry(other, "1002", "LOGGED_OUT", null, false, BASE.plusSeconds(10), "restart");
        try (JdbcStore store = open()) {
            for (AgentStateEntry entry : List.of(ready, afterCall, logout, late)) {
                store.append(entry);
            }
            store.sync();

            assertThat(store.latestEntries()).filteredOn(entry -> entry.userId().equals(agent) || entry.userId().equals(other))
                    .containsExactlyInAnyOrder(afterCall, logout);
        }
    }

    @Test
    void appendAllWritesABatchInItsOrderOrNoneOfIt() {
        String agent = key("agent");
        AgentStateEntry login = new AgentStateEntry(agent, "1001", "NOT_READY", null, true, BASE);
        // The same time: the order within the batch decides, as between single appends.
        AgentStateEntry ready = new AgentStateEntry(agent, "1001", "READY", null, false, BASE.plusSeconds(1));
        AgentStateEntry afterCall = new AgentStateEntry(agent, "1001", "AFTER_CALL_WORK", null, false, BASE.plusSeconds(1));
        // Longer than the column: the database refuses this row, and with it the whole batch.
        AgentStateEntry refused = new AgentStateEntry(agent, "1001", "X".repeat(40), null, false, BASE.plusSeconds(2));
        try (JdbcStore store = open()) {
            assertThatThrownBy(() -> store.appendAll(List.of(login, ready, refused))).isInstanceOf(StoreException.class);
            assertThat(store.history(agent, 10)).isEmpty();

            store.appendAll(List.of(login, ready, afterCall));
            store.appendAll(List.of());

            assertThat(store.history(agent, 10)).containsExactly(afterCall, ready, login);
        }
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        String agent = key("agent");
        Instant at = Instant.parse("2025-12-31T23:59:59.987654321Z");
        try (JdbcStore store = open()) {
            store.append(new AgentStateEntry(agent, "1001", "READY", null, true, at));

            assertThat(store.history(agent, 1)).extracting(AgentStateEntry::at)
                    .containsExactly(Instant.parse("2025-12-31T23:59:59.987654Z"));
        }
    }

    @Test
    void lastLoginIsTheMostRecentLogin() {
        String agent = key("agent");
        AgentStateEntry first = new AgentStateEntry(agent, "1001", "NOT_READY", null, true, BASE);
        AgentStateEntry logout = new AgentStateEntry(agent, "1001", "LOGGED_OUT", null, false, BASE.plusSeconds(60));
        AgentStateEntry second = new AgentStateEntry(agent, "1002", "READY", "ManualIn", true, BASE.plusSeconds(120));
        AgentStateEntry notReady = new AgentStateEntry(agent, "1002", "NOT_READY", null, false, BASE.plusSeconds(180));
        try (JdbcStore store = open()) {
            assertThat(store.lastLogin(agent)).isEmpty();
            store.append(first);
            assertThat(store.lastLogin(agent)).contains(first);

            store.append(logout);
            store.append(second);
            store.append(notReady);

            assertThat(store.lastLogin(agent)).contains(second);
            assertThat(store.lastLogin(key("nobody"))).isEmpty();
        }
    }

    @Test
    void migrationsAreAppliedOnceAndReopeningIsIdempotent() {
        String user = key("user");
        try (JdbcStore store = open()) {
            store.savePasswordHash(user, "hash");
        }
        try (JdbcStore store = open()) {
            Flyway flyway = Flyway.configure().dataSource(store.dataSource()).locations(JdbcStore.MIGRATIONS).load();
            MigrationInfoService info = flyway.info();

            assertThat(info.pending()).isEmpty();
            assertThat(info.applied()).extracting(migration -> migration.getVersion().getVersion()).containsExactly("1", "2", "3", "4");
            assertThat(info.applied()).extracting(MigrationInfo::getState).containsOnly(MigrationState.SUCCESS);
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(store.passwordHash(user)).contains("hash");
        }
    }
}
