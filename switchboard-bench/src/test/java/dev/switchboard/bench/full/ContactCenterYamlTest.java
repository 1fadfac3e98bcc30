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
}
