package dev.switchboard.bench.full;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * The options every benchmark command has for the server it starts as a child process (a picocli mixin): which jar,
 * and with which JVM options.
 */
public final class ServerChild {
    /** What the launcher adds as root: the switch and journal threads' priorities reach the OS (docs: README). */
    static final String PRIORITIES = "-XX:ThreadPriorityPolicy=1";

    @Option(names = "--server-java-options", description = "JVM options for the server child, space separated "
            + "(default: the launcher's, SWITCHBOARD_JAVA_OPTS; as root, -XX:ThreadPriorityPolicy=1 is added unless set here)")
    String javaOptions;

    @Option(names = "--server-jar", description = "The server jar (default: switchboard-server/target/switchboard.jar here or above)")
    Path jar;

    /**
     * The server child's JVM options: as given, or as the launcher runs the server (SWITCHBOARD_JAVA_OPTS); either way,
     * as root, with the launcher's {@link #PRIORITIES} unless the options set that flag themselves.
     */
    public List<String> javaOptions() {
        String options = javaOptions != null ? javaOptions : System.getenv().getOrDefault("SWITCHBOARD_JAVA_OPTS", "");
        List<String> all = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name")) && !options.contains("ThreadPriorityPolicy")) {
            all.add(PRIORITIES);
        }
        if (!options.isBlank()) {
            all.addAll(List.of(options.trim().split("\\s+")));
        }
        return List.copyOf(all);
    }

    /** The jar as given, or switchboard-server/target/switchboard.jar in the working directory or above. */
    public Path jar() {
        if (jar != null) {
            return jar;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("switchboard-server/target/switchboard.jar");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("switchboard-server/target/switchboard.jar not found here or above; give --server-jar");
    }
}
