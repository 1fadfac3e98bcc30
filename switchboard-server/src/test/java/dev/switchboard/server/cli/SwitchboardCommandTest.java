package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The command line in-process, on its failing and informative paths only: a successful {@code demo} or {@code serve}
 * blocks until the JVM shuts down, so it is left to {@code LauncherIT}. Every run that could start a server gets a
 * temporary {@code --data-dir}, and the class timeout ends a run that starts one by mistake.
 */
@Timeout(60)
class SwitchboardCommandTest {
    private static final int USAGE_ERROR = 2;
    private static final int BAD_CONFIGURATION = 1;

    @TempDir
    Path temp;

    /** What one run of the command line printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = SwitchboardCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private String[] withDataDir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(temp.resolve("data").toString());
        if (all.get(0).equals("demo") || all.get(0).equals("serve")) {
            // Any free SIP port: these runs must not depend on 5060 being free.
            all.add("--sip-port");
            all.add("0");
        }
        return all.toArray(String[]::new);
    }

    @Test
    void helpListsDemoAndServe() {
        Run help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: switchboard").containsPattern("(?m)^\\s+demo\\s").containsPattern("(?m)^\\s+serve\\s");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void helpCommandAndHelpOptionListEveryCommandOnOneLineEach() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"})) {
            Run help = run(args);
            assertThat(help.exitCode()).as(String.join(" ", args)).isZero();
            for (String command : List.of("demo", "serve", "bench", "bench-media", "bench-floor", "hash-password", "check-config",
                    "help")) {
                assertThat(help.out()).as(String.join(" ", args)).containsPattern("(?m)^  " + command + " +\\S.*$");
            }
            assertThat(help.out().lines().filter(line -> line.startsWith("                 "))).as("continuation lines").isEmpty();
        }
    }

    @Test
    void hashPasswordReadsStandardInputAndPrintsAHashTheConfigurationAccepts() throws IOException {
        Run hash = withInput("s3cret pass\n", () -> run("hash-password"));
        assertThat(hash.exitCode()).as(hash.err()).isZero();
        String printed = hash.out().trim();
        assertThat(printed).matches("\\$2a\\$10\\$[./A-Za-z0-9]{53}").doesNotContain("s3cret");
        assertThat(at.favre.lib.crypto.bcrypt.BCrypt.verifyer().verify("s3cret pass".toCharArray(), printed).verified).isTrue();
        Path config = temp.resolve("hashed.yaml");
        Files.writeString(config, """
                voiceEnvironments:
                  - name: Main
                    type: SipServer
                users:
                  - userName: alice
                    roles: [ROLE_AGENT]
                    passwordHash: "%s"
                """.formatted(printed));
        Run check = run("check-config", config.toString());
        assertThat(check.exitCode()).as(check.err()).isZero();
    }

    @Test
    void hashPasswordRefusesAnEmptyPasswordAndTakesNoArgument() {
        Run empty = withInput("", () -> run("hash-password"));
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).contains("the password is empty");
        Run argument = withInput("x\n", () -> run("hash-password", "secret"));
        assertThat(argument.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(argument.out()).isEmpty();
    }

    @Test
    void checkConfigSaysOkWithASummary() throws IOException {
        Path config = temp.resolve("demo.yaml");
        try (var demo = SwitchboardCommandTest.class.getResourceAsStream("/dev/switchboard/server/config/demo.yaml")) {
            Files.copy(demo, config);
        }
        Run check = run("check-config", config.toString());
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).isEqualToIgnoringNewLines("OK: " + config + ": 1 voice environment (2 routing points and queues),"
                + " 10 places (10 DNs), 11 users, 2 agent groups; listens on 127.0.0.1:8080, store embedded H2 in --data-dir");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void checkConfigNamesTheProblemAndExitsOne() throws IOException {
        Path config = temp.resolve("broken.yaml");
        Files.writeString(config, "server:\n  port: 1\n bad: 2\n");
        Run check = run("check-config", config.toString());
        assertThat(check.exitCode()).isEqualTo(BAD_CONFIGURATION);
        assertThat(check.out()).isEmpty();
        assertThat(check.err()).isEqualToIgnoringNewLines("switchboard: bad configuration: " + config + ": YAML syntax error at line 3,"
                + " column 2: expected <block end>, but found '<block mapping start>' (while parsing a block mapping that starts at"
                + " line 1, column 1)");
        Run missing = run("check-config", temp.resolve("missing.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(BAD_CONFIGURATION);
        assertThat(missing.err()).contains("file not found");
    }

    @Test
    void yamlSyntaxErrorNamesWhereTheProblemIsNotWhereTheParserStood() throws IOException {
        Path config = temp.resolve("quote.yaml");
        Files.writeString(config, "server:\n  host: '127.0.0.1\n");
        Run check = run("check-config", config.toString());
        assertThat(check.err()).contains(": YAML syntax error at line 3, column 1: found unexpected end of stream"
                + " (while scanning a quoted scalar that starts at line 2, column 9)");
    }

    @Test
    void emptyHostIsAUsageError() {
        Run demo = run(withDataDir("demo", "--port", "0", "--host", " "));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--host must not be empty");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void unknownLogLevelIsAUsageError() {
        Run demo = run(withDataDir("demo", "--port", "0", "--log-level", "LOUD"));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--log-level", "LOUD", "TRACE, DEBUG, INFO, WARN, ERROR, OFF");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    private static Run withInput(String input, java.util.function.Supplier<Run> action) {
        var previous = OperatorCommands.HashPassword.input;
        byte[] bytes = input.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        OperatorCommands.HashPassword.input = () -> new java.io.ByteArrayInputStream(bytes);
        try {
            return action.get();
        } finally {
            OperatorCommands.HashPassword.input = previous;
        }
    }

    @Test
    void serveHelpListsItsOptions() {
        Run help = run("serve", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--config", "--port", "--data-dir", "--environment", "--traffic");
    }

    @Test
    void demoHelpListsItsOptions() {
        Run help = run("demo", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--port", "--data-dir", "--environment", "--traffic").doesNotContain("--config");
    }

    @Test
    void versionIsPrinted() {
        Run version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("Switchboard ");
    }

    @Test
    void noSubcommandIsAUsageError() {
        Run bare = run();
        assertThat(bare.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(bare.out() + bare.err()).contains("demo", "serve");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Run unknown = run("start");
        assertThat(unknown.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(unknown.err()).contains("'start'");
    }

    @Test
    void serveWithoutConfigIsAUsageError() {
        Run serve = run(withDataDir("serve"));
        assertThat(serve.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(serve.err()).contains("Missing required option", "--config");
    }

    @Test
    void serveWithMissingConfigFileSaysFileNotFound() {
        assertThat(Path.of("missing.yaml")).doesNotExist();
        Run serve = run(withDataDir("serve", "--config", "missing.yaml"));
        assertThat(serve.exitCode()).isEqualTo(BAD_CONFIGURATION);
        assertThat(serve.err()).isEqualToIgnoringNewLines("switchboard: bad configuration: missing.yaml: file not found");
        assertThat(serve.out()).isEmpty();
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void unknownEnvironmentIsAUsageError() {
        Run demo = run(withDataDir("demo", "--environment", "mars"));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--environment", "mars", "sip-server", "sip-cluster");
        Run serve = run(withDataDir("serve", "--config", "missing.yaml", "--environment", "mars"));
        assertThat(serve.exitCode()).isEqualTo(USAGE_ERROR);
    }

    @Test
    void portOutOfRangeIsAUsageError() {
        Run demo = run(withDataDir("demo", "--port", "65536", "--traffic", "0"));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--port must be between 0 and 65535");
    }

    @Test
    void portNotANumberIsAUsageError() {
        Run demo = run(withDataDir("demo", "--port", "http"));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--port");
    }

    @Test
    void negativeTrafficIsAUsageError() {
        Run demo = run(withDataDir("demo", "--port", "0", "--traffic", "-1"));
        assertThat(demo.exitCode()).isEqualTo(USAGE_ERROR);
        assertThat(demo.err()).contains("--traffic must not be negative");
    }

    @Test
    void badConfigurationFilePrintsFilePathAndReason() throws IOException {
        Path config = temp.resolve("bad-role.yaml");
        Files.writeString(config, """
                server:
                  demoPasswords: true
                voiceEnvironments:
                  - name: Main
                    type: SipServer
                users:
                  - userName: boss
                    roles: [ROLE_BOSS]
                    password: password
                """);
        Run serve = run(withDataDir("serve", "--config", config.toString(), "--port", "0"));
        assertThat(serve.exitCode()).isEqualTo(BAD_CONFIGURATION);
        assertThat(serve.err()).isEqualToIgnoringNewLines("switchboard: bad configuration: " + config
                + ": users[0].roles[0]: unknown role 'ROLE_BOSS': ROLE_AGENT, ROLE_SUPERVISOR or ROLE_ADMIN");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void yamlSyntaxErrorPrintsFileAndLine() throws IOException {
        Path config = temp.resolve("broken.yaml");
        Files.writeString(config, "server:\n  port: 1\n bad: 2\n");
        Run serve = run(withDataDir("serve", "--config", config.toString()));
        assertThat(serve.exitCode()).isEqualTo(BAD_CONFIGURATION);
        assertThat(serve.err()).startsWith("switchboard: bad configuration: " + config + ": YAML syntax error at line 3");
    }
}
