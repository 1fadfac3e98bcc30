package dev.switchboard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.store.IdentityStore;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.config.DirectoryBuilder;

/**
 * Passwords are checked against bcrypt hashes in the store; a demo user's plain password is hashed once and the hash is
 * kept across loads; a configured hash is stored as given. Users here are few and configured hashes cheap (cost 4),
 * so each test makes only a handful of cost-10 hashes.
 */
class CredentialsTest {
    private static final String BOB_PASSWORD = "hunter2";
    private static final String BOB_HASH = BCrypt.withDefaults().hashToString(4, BOB_PASSWORD.toCharArray());

    /** {@code alice} has the demo plain password {@code alicePassword}; {@code bob} a configured bcrypt hash. */
    private static ContactCenterConfig config(String alicePassword) {
        return ConfigLoader.parse("credentials.yaml", """
                server:
                  demoPasswords: true
                voiceEnvironments:
                  - name: Main
                    type: SipServer
                users:
                  - userName: alice
                    roles: [ROLE_AGENT]
                    password: %s
                  - userName: bob
                    roles: [ROLE_AGENT]
                    passwordHash: '%s'
                """.formatted(alicePassword, BOB_HASH));
    }

    /** An identity store that remembers every password hash saved in it. */
    private static final class RecordingStore implements IdentityStore {
        private final InMemoryStore store = new InMemoryStore();
        private final List<String> savedFor = new ArrayList<>();

        @Override
        public String stableId(String kind, String naturalKey, Supplier<String> newId) {
            return store.stableId(kind, naturalKey, newId);
        }

        @Override
        public Optional<String> passwordHash(String userId) {
            return store.passwordHash(userId);
        }

        @Override
        public void savePasswordHash(String userId, String hash) {
            savedFor.add(userId);
            store.savePasswordHash(userId, hash);
        }
    }

    private static Credentials load(ContactCenterConfig config, IdentityStore store) {
        Directory directory = DirectoryBuilder.build(config, store, null);
        return Credentials.load(config, directory, store, Clock.systemUTC());
    }

    @Test
    void correctPasswordAuthenticatesTheUser() {
        Credentials credentials = load(config("wonderland"), new InMemoryStore());
        assertThat(credentials.authenticate("alice", "wonderland")).map(User::userName).contains("alice");
        assertThat(credentials.authenticate("bob", BOB_PASSWORD)).map(User::userName).contains("bob");
    }

    @Test
    void wrongPasswordFails() {
        Credentials credentials = load(config("wonderland"), new InMemoryStore());
        assertThat(credentials.authenticate("alice", "Wonderland")).isEmpty();
        assertThat(credentials.authenticate("alice", "")).isEmpty();
        assertThat(credentials.authenticate("bob", "wonderland")).isEmpty();
    }

    @Test
    void unknownUserFails() {
        Credentials credentials = load(config("wonderland"), new InMemoryStore());
        assertThat(credentials.authenticate("mallory", "wonderland")).isEmpty();
        assertThat(credentials.authenticate("Alice", "wonderland")).isEmpty();
    }

    @Test
    void rememberedSuccessDoesNotLetAWrongPasswordIn() {
        Credentials credentials = load(config("wonderland"), new InMemoryStore());
        assertThat(credentials.authenticate("alice", "wonderland")).isPresent();
        assertThat(credentials.authenticate("alice", "wonderland")).isPresent();
        assertThat(credentials.authenticate("alice", "wonderlan")).isEmpty();
        assertThat(credentials.authenticate("bob", "wonderland")).isEmpty();
    }

    @Test
    void plainPasswordIsStoredHashedNotInClear() {
        InMemoryStore store = new InMemoryStore();
        load(config("wonderland"), store);
        String hash = store.passwordHash(DirectoryBuilder.userId(store, "alice")).orElseThrow();
        assertThat(hash).startsWith("$2").hasSize(60).doesNotContain("wonderland");
        assertThat(BCrypt.verifyer().verify("wonderland".toCharArray(), hash).verified).isTrue();
    }

    @Test
    void storedHashThatStillMatchesTheDemoPasswordIsKeptAcrossLoads() {
        RecordingStore store = new RecordingStore();
        load(config("wonderland"), store);
        String aliceId = DirectoryBuilder.userId(store, "alice");
        String firstHash = store.passwordHash(aliceId).orElseThrow();
        store.savedFor.clear();

        Credentials reloaded = load(config("wonderland"), store);

        assertThat(store.passwordHash(aliceId)).contains(firstHash);
        assertThat(store.savedFor).doesNotContain(aliceId);
        assertThat(reloaded.authenticate("alice", "wonderland")).isPresent();
    }

    @Test
    void storedHashIsReplacedWhenTheDemoPasswordChanges() {
        InMemoryStore store = new InMemoryStore();
        load(config("wonderland"), store);
        String aliceId = DirectoryBuilder.userId(store, "alice");
        String oldHash = store.passwordHash(aliceId).orElseThrow();

        Credentials reloaded = load(config("looking-glass"), store);

        assertThat(store.passwordHash(aliceId)).isPresent().get().isNotEqualTo(oldHash);
        assertThat(reloaded.authenticate("alice", "looking-glass")).isPresent();
        assertThat(reloaded.authenticate("alice", "wonderland")).isEmpty();
    }

    @Test
    void configuredPasswordHashIsStoredAsGivenAndNotRewritten() {
        RecordingStore store = new RecordingStore();
        load(config("wonderland"), store);
        String bobId = DirectoryBuilder.userId(store, "bob");
        assertThat(store.passwordHash(bobId)).contains(BOB_HASH);
        store.savedFor.clear();

        load(config("wonderland"), store);

        assertThat(store.savedFor).doesNotContain(bobId);
        assertThat(store.passwordHash(bobId)).contains(BOB_HASH);
    }

    @Test
    void configuredPasswordHashReplacesAnotherStoredHash() {
        InMemoryStore store = new InMemoryStore();
        String bobId = DirectoryBuilder.userId(store, "bob");
        store.savePasswordHash(bobId, BCrypt.withDefaults().hashToString(4, "old".toCharArray()));

        Credentials credentials = load(config("wonderland"), store);

        assertThat(store.passwordHash(bobId)).contains(BOB_HASH);
        assertThat(credentials.authenticate("bob", BOB_PASSWORD)).isPresent();
        assertThat(credentials.authenticate("bob", "old")).isEmpty();
    }
}
