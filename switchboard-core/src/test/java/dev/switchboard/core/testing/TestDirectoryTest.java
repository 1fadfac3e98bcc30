package dev.switchboard.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;

/** The shared test directory is what its Javadoc promises. */
class TestDirectoryTest {
    private final Directory directory = TestDirectory.build();

    @Test
    void usersHaveTheirRolesFeaturesAndDefaultPlaces() {
        assertThat(directory.users()).extracting(User::userName)
                .containsExactly("agent1", "agent2", "agent3", "agent4", "supervisor1", "admin");
        User agent3 = directory.userByName("agent3").orElseThrow();
        assertThat(agent3.roles()).containsExactly(Role.AGENT);
        assertThat(agent3.features()).containsExactly(Feature.VOICE);
        assertThat(agent3.defaultPlace()).isEqualTo("Place5003");
        User supervisor = directory.userByName("supervisor1").orElseThrow();
        assertThat(supervisor.roles()).containsExactlyInAnyOrder(Role.SUPERVISOR, Role.AGENT);
        assertThat(supervisor.features()).containsExactlyInAnyOrder(Feature.VOICE, Feature.SUPERVISOR_MONITORING);
        assertThat(supervisor.defaultPlace()).isEqualTo("Place5005");
        User admin = directory.userByName("admin").orElseThrow();
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.defaultPlace()).isNull();
    }

    @Test
    void idsHaveTheGwsShapesAndAreStable() {
        assertThat(directory.users()).allSatisfy(user -> assertThat(user.id()).matches("[0-9a-f]{32}"));
        assertThat(directory.places()).allSatisfy(place -> assertThat(place.id()).matches("[0-9a-f]{32}"));
        assertThat(directory.dns()).allSatisfy(dn -> assertThat(UUID.fromString(dn.id()).toString()).isEqualTo(dn.id()));
        assertThat(directory.dns()).extracting(Dn::id).doesNotHaveDuplicates();
        assertThat(TestDirectory.build().userByName("agent1").orElseThrow().id()).isEqualTo(TestDirectory.userId("agent1"));
        assertThat(TestDirectory.userId("agent1")).isNotEqualTo(TestDirectory.userId("agent2"));
    }

    @Test
    void placesHaveTheirDevicesInOrder() {
        Place multi = directory.placeByName(TestDirectory.PLACE_MULTI).orElseThrow();
        assertThat(directory.dnsOf(multi)).extracting(Dn::number, Dn::type)
                .containsExactly(tuple("5201", DnType.EXTENSION),
                        tuple("5202", DnType.ACD_POSITION));
        Place ambiguous = directory.placeByName(TestDirectory.PLACE_AMBIGUOUS).orElseThrow();
        assertThat(directory.dnsOf(ambiguous)).extracting(Dn::type).containsExactly(DnType.EXTENSION, DnType.EXTENSION);
        assertThat(directory.dnsOf(directory.placeByName("Place5004").orElseThrow())).extracting(Dn::number).containsExactly("5004");
        assertThat(directory.dnByNumber(TestDirectory.ENVIRONMENT, TestDirectory.ROUTING_POINT).orElseThrow().place()).isNull();
        assertThat(directory.dnByNumber(TestDirectory.ENVIRONMENT, TestDirectory.QUEUE).orElseThrow().type()).isEqualTo(DnType.ACD_QUEUE);
    }

    @Test
    void supervisor1SupervisesTheSalesAgents() {
        User supervisor = directory.userByName("supervisor1").orElseThrow();
        assertThat(directory.supervisedBy(supervisor)).extracting(User::userName)
                .containsExactly("agent1", "agent2", "agent3", "agent4");
        assertThat(directory.supervises(supervisor, directory.userByName("admin").orElseThrow())).isFalse();
        assertThat(directory.groupsOf(directory.userByName("agent2").orElseThrow())).singleElement()
                .satisfies(group -> assertThat(group.name()).isEqualTo(TestDirectory.SALES));
    }
}
