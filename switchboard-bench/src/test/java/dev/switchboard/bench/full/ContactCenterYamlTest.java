package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;

/** The generated contact center is one the server's own loader accepts. */
class ContactCenterYamlTest {

    @Test
    void theServerLoadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.yaml");
        Files.writeString(file, ContactCenterYaml.generate(3, 2, 1));
        ContactCenterConfig config = ConfigLoader.load(file);
        assertThat(config.users()).hasSize(6);
        assertThat(config.agentGroups()).hasSize(1);
        assertThat(config.server().csrf()).isFalse();
        String yaml = Files.readString(file);
        assertThat(yaml).contains("members: [agent1, agent2, agent3]", "supervisors: [supervisor1, supervisor2]",
                "wrapUpSeconds: 1", "routeTo: \"8000\"", "demoPasswords: true");
    }

    @Test
    void aStoreUrlGoesIntoTheServerSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench-pg.yaml");
        String url = "jdbc:postgresql://127.0.0.1:5432/bench?user=postgres";
        Files.writeString(file, ContactCenterYaml.generate(2, 1, 1, url));
        assertThat(ConfigLoader.load(file).server().store().url()).isEqualTo(url);
    }

    @Test
    void probesAndTheDurabilityOfAgentStatesAreConfigured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench-probes.yaml");
        Files.writeString(file, ContactCenterYaml.generate(3, 2, 1, null, 2, "async"));
        ContactCenterConfig config = ConfigLoader.load(file);
        assertThat(config.server().durability().agentStatesSync()).isFalse();
        assertThat(config.users()).hasSize(3 + 2 + 2 + 1 + 1);
        assertThat(config.agentGroups()).hasSize(2);
        assertThat(config.agentStates()).hasSize(1);
        assertThat(Files.readString(file)).contains("members: [probe1, probe2]", "supervisors: [probesupervisor1]",
                "reason: " + ContactCenterYaml.NOT_READY_REASON);
        Files.writeString(file, ContactCenterYaml.generate(3, 2, 1, null, 0, "sync"));
        assertThat(ConfigLoader.load(file).server().durability().agentStatesSync()).isTrue();
    }
}
