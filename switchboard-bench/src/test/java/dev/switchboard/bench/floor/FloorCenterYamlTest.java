package dev.switchboard.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;

/** The floor benchmark's contact center is one the server's own loader accepts: every agent in Sales, supervisor1 over it. */
class FloorCenterYamlTest {

    @Test
    void theServerLoadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench-floor.yaml");
        Files.writeString(file, FloorCenterYaml.generate(3));
        ContactCenterConfig config = ConfigLoader.load(file);
        assertThat(config.users()).hasSize(5);
        assertThat(config.places()).hasSize(4);
        assertThat(config.agentGroups()).singleElement().satisfies(group -> {
            assertThat(group.members()).isEqualTo(List.of("agent1", "agent2", "agent3"));
            assertThat(group.supervisors()).isEqualTo(List.of("supervisor1"));
        });
        assertThat(config.server().csrf()).isTrue();
        assertThat(Files.readString(file)).contains("userName: agent3", "place: P20003", "userName: admin");
    }
}
