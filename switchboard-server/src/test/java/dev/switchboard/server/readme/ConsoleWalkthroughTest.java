package dev.switchboard.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;

/**
 * The README's console section ("The console (supervisor floor and agent desktop)"): its bash block, run as written in
 * one bash session against a real quiet demo on a free port, each command's output matched against the {@code # }
 * lines under it. (The browser part of the section is what {@code ConsoleBrowserTest} runs.)
 */
@Timeout(60)
class ConsoleWalkthroughTest {
    static final String SECTION = "## The console (supervisor floor and agent desktop)";

    @TempDir
    Path temp;

    @Test
    void theConsoleWalkthroughWorksAsWritten() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || "true".equals(System.getenv("CI")),
                "curl is not installed");
        List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(Files.readString(ReadmeWalkthroughIT.readme()), SECTION);
        assertThat(steps).as("steps of the walk-through").hasSizeGreaterThan(6);
        try (SwitchboardServer server = SwitchboardServer.start(
                new SwitchboardServer.Options(ConfigLoader.loadDemo(), temp.resolve("data"), 0, null, 0));
             ReadmeWalkthroughIT.Bash bash = new ReadmeWalkthroughIT.Bash(Files.createDirectories(temp.resolve("walk")))) {
            String port = Integer.toString(server.port());
            for (ReadmeWalkthrough.Step step : steps) {
                String command = step.command().replace("127.0.0.1:8080", "127.0.0.1:" + port);
                String output = bash.run(command);
                if (step.expected().isEmpty()) {
                    assertThat(output).as("README line %d prints nothing:%n%s", step.line(), command).isEmpty();
                    continue;
                }
                assertThat(output).as("README line %d:%n%s%nexpected (… = anything):%n%s", step.line(), command,
                        String.join("\n", step.expected())).matches(step.expectation());
            }
        }
    }
}
