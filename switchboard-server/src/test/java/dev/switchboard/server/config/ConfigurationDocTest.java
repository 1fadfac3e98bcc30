package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** docs/configuration.md's examples are configurations the server accepts. */
class ConfigurationDocTest {
    private static String doc() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/configuration.md");
            if (Files.isRegularFile(doc)) {
                return Files.readString(doc);
            }
        }
        throw new IllegalStateException("No docs/configuration.md above " + Path.of("").toAbsolutePath());
    }

    private static String yamlAfter(String doc, String heading) {
        int start = doc.indexOf("```yaml\n", doc.indexOf(heading)) + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void theMinimalFileIsValid() throws IOException {
        ContactCenterConfig config = ConfigLoader.parse("minimal", yamlAfter(doc(), "## A minimal file"));
        assertThat(config.users()).extracting(ContactCenterConfig.UserConfig::userName).containsExactly("alice");
        assertThat(config.server().demoPasswords()).isFalse();
    }

    @Test
    void theStoreExampleNamesPostgresql() throws IOException {
        String server = yamlAfter(doc(), "`server.store`");
        assertThat(server).contains("jdbc:postgresql://");
        ConfigLoader.parse("store", server + """
                voiceEnvironments:
                  - name: Main
                    type: SipServer
                """);
    }

    @Test
    void theDurabilityExampleIsValid() throws IOException {
        String example = yamlAfter(doc(), "### `server.durability`");
        ContactCenterConfig config = ConfigLoader.parse("durability",
                yamlAfter(doc(), "## A minimal file").replace("server:\n  port: 8080\n", example));
        assertThat(config.server().durability().agentStatesSync()).isFalse();
    }
}
