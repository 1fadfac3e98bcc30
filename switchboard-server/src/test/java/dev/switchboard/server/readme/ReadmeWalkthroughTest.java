package dev.switchboard.server.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How the README's walk-through is cut into steps, and that the real section has the story the test runs. */
class ReadmeWalkthroughTest {
    private static final String SAMPLE = """
            # Title

            ## Using it
            ```bash
            # prose before the first command
            A=1
            curl -s x \\
                 -d '{}' y
            # {"a":1,
            #   "b":"…"}
            # second line

            # prose after a blank line
            echo hi
            # hi
            ```
            ```
            not bash
            ```
            ## Next
            ```bash
            never
            ```
            """;

    @Test
    void commandsContinuationsExpectedLinesAndProseAreTold() {
        List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(SAMPLE, "## Using it");
        assertThat(steps).extracting(ReadmeWalkthrough.Step::command)
                .containsExactly("A=1", "curl -s x \\\n     -d '{}' y", "echo hi");
        assertThat(steps.get(0).expected()).isEmpty();
        assertThat(steps.get(1).expected()).containsExactly("{\"a\":1,\"b\":\"…\"}", "second line");
        assertThat(steps.get(1).changesState()).isTrue();
        assertThat(steps.get(2).expected()).containsExactly("hi");
        assertThat(steps.get(2).changesState()).isFalse();
    }

    @Test
    void theEllipsisStandsForAnythingAndTheRestIsExact() {
        ReadmeWalkthrough.Step step = ReadmeWalkthrough.steps(SAMPLE, "## Using it").get(1);
        assertThat("{\"a\":1,\"b\":\"0A1B\"}\nsecond line").matches(step.expectation());
        assertThat("{\"a\":2,\"b\":\"0A1B\"}\nsecond line").doesNotMatch(step.expectation());
        assertThat("{\"a\":1,\"b\":\"x\"}").doesNotMatch(step.expectation());
    }

    @Test
    void theReadmeWalkthroughTellsTheSupervisionStory() throws IOException {
        List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(Files.readString(ReadmeWalkthroughIT.readme()),
                ReadmeWalkthroughIT.SECTION);
        String commands = String.join("\n", steps.stream().map(ReadmeWalkthrough.Step::command).toList());
        assertThat(commands).contains("agent1.jar", "agent2.jar", "sup.jar", "\"operationName\":\"ListenIn\"", "\"to\":\"7000\"",
                "/ext/v1/monitoring/audit");
        assertThat(steps).filteredOn(step -> step.expected().contains("\"chainValid\":true")).hasSize(1);
    }
}
