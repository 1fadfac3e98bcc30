package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server child runs with the options given and, as root, with the priorities the launcher adds. */
class ServerChildTest {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @Test
    void theGivenOptionsAndAsRootThePriorities() {
        ServerChild child = new ServerChild();
        child.javaOptions = " -Xmx1g  -XX:+UseG1GC ";
        if (ROOT) {
            assertThat(child.javaOptions()).containsExactly(ServerChild.PRIORITIES, "-Xmx1g", "-XX:+UseG1GC");
        } else {
            assertThat(child.javaOptions()).containsExactly("-Xmx1g", "-XX:+UseG1GC");
        }
    }

    @Test
    void optionsThatSetThePolicyThemselvesAreLeftAlone() {
        ServerChild child = new ServerChild();
        child.javaOptions = "-XX:ThreadPriorityPolicy=0";
        assertThat(child.javaOptions()).containsExactly("-XX:ThreadPriorityPolicy=0");
    }
}
