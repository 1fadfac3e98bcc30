package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.store.IdentityStore;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.server.store.JdbcStore;

/** Ids come from the store, so the same data gives the same ids; their shapes are GWS's; {@code --environment} wins. */
class DirectoryBuilderTest {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ContactCenterConfig demo = ConfigLoader.loadDemo();

    /** Every id of a directory, keyed by what it identifies ("user agent1", "dn Demo/5001", ...). */
    private static Map<String, String> idsOf(Directory directory, String contactCenterId) {
        Map<String, String> ids = new TreeMap<>();
        directory.users().forEach(user -> ids.put("user " + user.userName(), user.id()));
        directory.places().forEach(place -> ids.put("place " + place.name(), place.id()));
        directory.dns().forEach(dn -> ids.put("dn " + dn.environment() + "/" + dn.number(), dn.id()));
        directory.environments().forEach(environment -> ids.put("environment " + environment.name(), environment.id()));
        ids.put("contact center", contactCenterId);
        return ids;
    }

    private Map<String, String> buildIds(IdentityStore store) {
        return idsOf(DirectoryBuilder.build(demo, store, null), DirectoryBuilder.contactCenterId(store));
    }

    @Test
    void idsAreTheSameWhenBuiltTwiceFromTheSameStore() {
        InMemoryStore store = new InMemoryStore();
        Map<String, String> first = buildIds(store);
        Map<String, String> second = buildIds(store);
        assertThat(first).hasSize(11 + 10 + 12 + 1 + 1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void idsDifferWithAFreshStore() {
        Map<String, String> first = buildIds(new InMemoryStore());
        Map<String, String> second = buildIds(new InMemoryStore());
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((thing, id) -> assertThat(second.get(thing)).as(thing).isNotEqualTo(id));
    }

    @Test
    void idsSurviveReopeningTheEmbeddedStoreOfADataDirectory(@TempDir Path dataDir) {
        String url = JdbcStore.h2FileUrl(dataDir);
        Map<String, String> first;
        try (JdbcStore store = JdbcStore.open(url, null, null)) {
            first = buildIds(store);
        }
        try (JdbcStore reopened = JdbcStore.open(url, null, null)) {
            assertThat(buildIds(reopened)).isEqualTo(first);
        }
    }

    @Test
    void userAndPlaceIdsAre32LowercaseHexCharacters() {
        Directory directory = DirectoryBuilder.build(demo, new InMemoryStore(), null);
        assertThat(directory.users()).extracting(User::id).allMatch(id -> HEX32.matcher(id).matches());
        assertThat(directory.places()).extracting(Place::id).allMatch(id -> HEX32.matcher(id).matches());
        assertThat(DirectoryBuilder.userId(new InMemoryStore(), "agent1")).matches(HEX32);
    }

    @Test
    void deviceAndEnvironmentIdsAreUuids() {
        Directory directory = DirectoryBuilder.build(demo, new InMemoryStore(), null);
        assertThat(directory.dns()).extracting(Dn::id).allSatisfy(id -> {
            assertThat(id).matches(UUID_TEXT);
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        });
        assertThat(directory.environments()).extracting(VoiceEnvironment::id).allMatch(id -> UUID_TEXT.matcher(id).matches());
        assertThat(DirectoryBuilder.contactCenterId(new InMemoryStore())).matches(UUID_TEXT);
    }

    @Test
    void idsAreDistinct() {
        Map<String, String> ids = buildIds(new InMemoryStore());
        assertThat(ids.values()).doesNotHaveDuplicates();
    }

    @Test
    void userIdIsTheOneTheDirectoryGivesTheUser() {
        InMemoryStore store = new InMemoryStore();
        Directory directory = DirectoryBuilder.build(demo, store, null);
        assertThat(DirectoryBuilder.userId(store, "agent1")).isEqualTo(directory.userByName("agent1").orElseThrow().id());
    }

    private static ContactCenterConfig twoEnvironments() throws URISyntaxException {
        return ConfigLoader.load(Path.of(DirectoryBuilderTest.class.getResource("/config/two-environments.yaml").toURI()));
    }

    private static Map<String, EnvironmentType> typesByName(Directory directory) {
        return directory.environments().stream().collect(Collectors.toMap(VoiceEnvironment::name, VoiceEnvironment::type));
    }

    @Test
    void withoutOverrideEachEnvironmentHasItsConfiguredType() throws Exception {
        Directory directory = DirectoryBuilder.build(twoEnvironments(), new InMemoryStore(), null);
        assertThat(typesByName(directory)).containsOnly(
                Map.entry("East", EnvironmentType.SIP_SERVER), Map.entry("West", EnvironmentType.SIP_CLUSTER));
    }

    @ParameterizedTest
    @EnumSource(EnvironmentType.class)
    void environmentOverrideAppliesToEveryEnvironment(EnvironmentType override) throws Exception {
        Directory directory = DirectoryBuilder.build(twoEnvironments(), new InMemoryStore(), override);
        assertThat(typesByName(directory)).hasSize(2).allSatisfy((name, type) -> assertThat(type).as(name).isEqualTo(override));
    }

    @Test
    void environmentOverrideKeepsTheIds() throws Exception {
        InMemoryStore store = new InMemoryStore();
        Directory asConfigured = DirectoryBuilder.build(twoEnvironments(), store, null);
        Directory overridden = DirectoryBuilder.build(twoEnvironments(), store, EnvironmentType.SIP_CLUSTER);
        assertThat(idsOf(overridden, "")).isEqualTo(idsOf(asConfigured, ""));
    }

    @Test
    void sameNumberInTwoEnvironmentsIsTwoDevices() throws Exception {
        Directory directory = DirectoryBuilder.build(twoEnvironments(), new InMemoryStore(), null);
        Dn east = directory.dnByNumber("East", "5001").orElseThrow();
        Dn west = directory.dnByNumber("West", "5001").orElseThrow();
        assertThat(east.id()).isNotEqualTo(west.id());
        assertThat(east.place()).isEqualTo("EastPlace");
        assertThat(west.place()).isEqualTo("WestPlace");
        Map<String, Place> places = directory.places().stream().collect(Collectors.toMap(Place::name, Function.identity()));
        assertThat(places.get("WestPlace").dnNumbers()).containsExactly("5001", "6001");
        assertThat(places.get("WestPlace").environment()).isEqualTo("West");
    }

    @Test
    void routingSettingsReachTheDirectory() throws Exception {
        Directory directory = DirectoryBuilder.build(twoEnvironments(), new InMemoryStore(), null);
        assertThat(directory.dnByNumber("East", "7000").orElseThrow().routeTo()).isEqualTo("5001");
        assertThat(directory.dnByNumber("West", "7000").orElseThrow().routeTo()).isEqualTo("8000");
        Dn westQueue = directory.dnByNumber("West", "8000").orElseThrow();
        assertThat(westQueue.agentGroup()).isEqualTo("Everyone");
        assertThat(westQueue.ringNoAnswerSeconds()).isEqualTo(20);
    }
}
