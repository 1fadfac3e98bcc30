package dev.switchboard.bench.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;

class BenchDirectoryTest {

    @Test
    void agentsSupervisorsRoutingPointAndQueue() {
        Directory directory = BenchDirectory.build(1000, 100);
        assertThat(directory.users()).hasSize(1100);
        assertThat(directory.places()).hasSize(1100);
        assertThat(directory.dns()).hasSize(1102);

        User agent = directory.userByName("agent1000").orElseThrow();
        assertThat(agent.roles()).containsExactly(Role.AGENT);
        assertThat(agent.features()).containsExactly(Feature.VOICE);
        assertThat(agent.defaultPlace()).isEqualTo("Place11000");
        assertThat(directory.dnByNumber(BenchDirectory.ENVIRONMENT, "11000").orElseThrow().type()).isEqualTo(DnType.EXTENSION);

        User supervisor = directory.userByName("supervisor100").orElseThrow();
        assertThat(supervisor.isSupervisor()).isTrue();
        assertThat(supervisor.hasFeature(Feature.SUPERVISOR_MONITORING)).isTrue();
        assertThat(supervisor.defaultPlace()).isEqualTo("Place20100");
        assertThat(directory.supervises(supervisor, agent)).isTrue();

        assertThat(directory.dnByNumber(BenchDirectory.ENVIRONMENT, "7000").orElseThrow().routeTo()).isEqualTo("8000");
        AgentGroup group = directory.groups().get(0);
        assertThat(group.name()).isEqualTo(BenchDirectory.GROUP);
        assertThat(group.members()).hasSize(1000).doesNotContain(supervisor.id());
        assertThat(group.supervisors()).hasSize(100);
        assertThat(group.wrapUpSeconds()).isZero();
        assertThat(directory.dnByNumber(BenchDirectory.ENVIRONMENT, "8000").orElseThrow().agentGroup()).isEqualTo(group.name());
    }

    @Test
    void idsAreTheSameInEveryBuild() {
        assertThat(BenchDirectory.build(3, 1).userByName("agent2").orElseThrow().id())
                .isEqualTo(BenchDirectory.build(5, 0).userByName("agent2").orElseThrow().id())
                .hasSize(32);
    }

    @Test
    void bounds() {
        assertThat(BenchDirectory.build(0, 0).users()).isEmpty();
        assertThatThrownBy(() -> BenchDirectory.build(10_000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchDirectory.build(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
