package dev.switchboard.bench.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;

/** The media benchmark's contact center is one the server's own loader accepts, with SIP accounts and the trunk. */
class MediaCenterYamlTest {

    @Test
    void theServerLoadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench-media.yaml");
        Files.writeString(file, MediaCenterYaml.generate(3, 2, 45_678));
        ContactCenterConfig config = ConfigLoader.load(file);
        assertThat(config.users()).hasSize(6);
        assertThat(config.sip().trunks()).singleElement().satisfies(trunk ->
                assertThat(trunk.sources()).isEqualTo(List.of("127.0.0.1:45678")));
        assertThat(config.server().csrf()).isFalse();
        assertThat(Files.readString(file)).contains("number: \"10003\", type: Extension, sipPassword: password",
                "number: \"20002\", type: Extension, sipPassword: password", "supervisors: [supervisor1, supervisor2]",
                "api-supervisor-monitoring", "demoPasswords: true");
    }
}
