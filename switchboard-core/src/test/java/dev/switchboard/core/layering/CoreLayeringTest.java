package dev.switchboard.core.layering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's shape, checked on the compiled classes with the JDK's {@code jdeps}: its packages depend on each other in
 * one direction only (no cycle), it uses nothing but the JDK and SLF4J (no HTTP, CometD, JSON, SIP or SQL), and no
 * source file passes the size where it should be reshaped.
 */
class CoreLayeringTest {
    private static final String CORE = "dev.switchboard.core";
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final int MAX_LINES = 600;
    private static final Pattern DEPENDENCY = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+(\\S+)");

    private static Map<String, Set<String>> dependencies;

    @BeforeAll
    static void readDependencies() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("No jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none",
                CLASSES.toAbsolutePath().toString());
        assertThat(exit).as("jdeps: %s", out).isZero();
        dependencies = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher matcher = DEPENDENCY.matcher(line);
            if (matcher.find() && matcher.group(1).startsWith(CORE)) {
                dependencies.computeIfAbsent(matcher.group(1), p -> new TreeSet<>()).add(matcher.group(2));
            }
        }
        assertThat(dependencies).as("jdeps found the core's packages").containsKey(CORE + ".telephony");
    }

    @Test
    void corePackagesFormNoCycle() {
        Map<String, Set<String>> graph = new HashMap<>();
        dependencies.forEach((from, to) -> graph.put(from, to.stream()
                .filter(p -> p.startsWith(CORE) && !p.equals(from)).collect(java.util.stream.Collectors.toSet())));
        assertThat(cycles(graph)).as("package cycles in core").isEmpty();
    }

    @Test
    void coreUsesNothingButTheJdkAndSlf4j() {
        Set<String> foreign = new TreeSet<>();
        dependencies.values().forEach(to -> to.stream()
                .filter(p -> !p.startsWith(CORE) && !p.startsWith("java.") && !p.startsWith("org.slf4j"))
                .forEach(foreign::add));
        assertThat(foreign).as("packages outside the JDK and SLF4J used by core").isEmpty();
    }

    @Test
    void noCoreSourceFilePassesTheReshapingSize() throws IOException {
        List<String> big = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> content = Files.lines(file)) {
                    lines = content.count();
                }
                if (lines > MAX_LINES) {
                    big.add(file + ": " + lines + " lines");
                }
            }
        }
        assertThat(big).as("core files over %d lines", MAX_LINES).isEmpty();
    }

    /** Every cycle found by a depth-first walk, as "a -> b -> a". */
    static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            walk(start, graph, new ArrayList<>(), done, found);
        }
        return found;
    }

    private static void walk(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done, List<String> found) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            found.add(String.join(" -> ", cycle));
            return;
        }
        if (!done.add(node)) {
            return;
        }
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            walk(next, graph, path, done, found);
        }
        path.remove(path.size() - 1);
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    }
}
