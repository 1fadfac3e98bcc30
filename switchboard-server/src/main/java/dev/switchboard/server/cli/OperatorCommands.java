package dev.switchboard.server.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import dev.switchboard.server.auth.Credentials;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The commands an operator runs beside the server: {@code hash-password} and {@code check-config}. */
final class OperatorCommands {
    private OperatorCommands() {
    }

    /**
     * {@code ./switchboard hash-password}: a bcrypt hash for a user's {@code passwordHash}. The password comes from a
     * prompt (asked twice, not echoed) on a terminal, or from the first line of standard input otherwise; never from the
     * command line, where {@code ps} and the shell history would keep it.
     */
    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Print a bcrypt passwordHash for a password read from stdin.")
    static final class HashPassword implements Callable<Integer> {
        /** Where the password is read from when there is no terminal; replaced by tests. */
        static Supplier<InputStream> input = () -> System.in;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            char[] password;
            Console console = System.console();
            if (console != null && input.get() == System.in) {
                password = console.readPassword("Password: ");
                char[] again = console.readPassword("Again: ");
                if (password == null || again == null || !Arrays.equals(password, again)) {
                    err.println("switchboard: hash-password: the passwords differ (or input ended); nothing printed");
                    err.flush();
                    return 1;
                }
                Arrays.fill(again, '\0');
            } else {
                String line = new BufferedReader(new InputStreamReader(input.get(), StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            }
            if (password.length == 0) {
                err.println("switchboard: hash-password: the password is empty; give it on standard input, e.g."
                        + " 'printf %s \"$PASSWORD\" | ./switchboard hash-password'");
                err.flush();
                return 1;
            }
            String hash = Credentials.hash(new String(password));
            Arrays.fill(password, '\0');
            spec.commandLine().getOut().println(hash);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code ./switchboard check-config FILE}: loads and checks a configuration without starting anything. */
    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Check a configuration file: OK and a summary, or the problem.")
    static final class CheckConfig implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The contact-center configuration (YAML)")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            // A ConfigException reaches the command line's handler: "switchboard: bad configuration: …", exit 1.
            ContactCenterConfig config = ConfigLoader.load(file);
            PrintWriter out = spec.commandLine().getOut();
            out.println("OK: " + file + ": " + summary(config));
            out.flush();
            return 0;
        }

        static String summary(ContactCenterConfig config) {
            int environmentDns = config.voiceEnvironments().stream().mapToInt(environment -> environment.dns().size()).sum();
            int placeDns = config.places().stream().mapToInt(place -> place.dns().size()).sum();
            ContactCenterConfig.ServerConfig server = config.server();
            String store = server.store().url() == null ? "embedded H2 in --data-dir"
                    : server.store().url().replaceAll("password=[^;&]*", "password=***");
            return count(config.voiceEnvironments().size(), "voice environment") + " ("
                    + count(environmentDns, "routing point or queue", "routing points and queues") + "), "
                    + count(config.places().size(), "place") + " (" + count(placeDns, "DN") + "), "
                    + count(config.users().size(), "user") + ", " + count(config.agentGroups().size(), "agent group")
                    + "; listens on " + server.host() + ":" + server.port() + ", store " + store;
        }

        private static String count(int n, String one) {
            return count(n, one, one + "s");
        }

        private static String count(int n, String one, String many) {
            return n + " " + (n == 1 ? one : many);
        }
    }

    /**
     * A command the launcher of a source checkout runs itself (it builds the benchmark module): listed here for
     * {@code help}, and reached only when the jar is run directly.
     */
    abstract static class LauncherOnly implements Callable<Integer> {
        @Parameters(hidden = true)
        String[] ignored;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String name = spec.name();
            spec.commandLine().getErr().println("switchboard: " + name + " is run by the ./switchboard launcher of a source checkout,"
                    + " which builds the benchmark module: ./switchboard " + name + " --help");
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    /** {@code ./switchboard bench}: the full-path benchmark. */
    @Command(name = "bench", description = "Benchmark REST -> switch -> CometD (bench --help: options).")
    static final class Bench extends LauncherOnly {
    }

    /** {@code ./switchboard bench-media}: the mixer through SIP. */
    @Command(name = "bench-media", description = "Benchmark the mixer through SIP (bench-media --help: options).")
    static final class BenchMedia extends LauncherOnly {
    }

    /** {@code ./switchboard bench-floor}: the console's floor in headless Chromium. */
    @Command(name = "bench-floor", description = "Benchmark the console's floor (bench-floor --help: options).")
    static final class BenchFloor extends LauncherOnly {
    }
}
