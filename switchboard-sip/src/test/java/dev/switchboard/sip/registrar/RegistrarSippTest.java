package dev.switchboard.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.auth.MutableClock;
import dev.switchboard.sip.support.Sipp;
import dev.switchboard.sip.support.TestSipServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registrar against sipp: digest challenge and answer, wrong password, too-brief expiry, expiry on fake time, a storm. */
class RegistrarSippTest {

    @TempDir
    Path dir;

    @Test
    void registersWithDigestThenExpiresOnTheClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (TestSipServer sip = TestSipServer.start(UnaryOperator.identity(), clock)) {
            Sipp.Result result = register(sip, "register_auth", "5001;password", 1, 120);

            assertThat(result.exitCode()).as(result.log()).isZero();
            assertThat(sip.server().isRegistered("5001")).isTrue();
            assertThat(sip.server().bindings("5001")).singleElement().satisfies(binding -> {
                assertThat(binding.contactUri()).startsWith("sip:5001-0x");
                assertThat(binding.sourceHost()).isEqualTo("127.0.0.1");
                assertThat(binding.secondsLeft(clock.instant())).isEqualTo(120);
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sip.registrations.contains("registered 5001"));

            clock.advance(Duration.ofSeconds(119));
            sip.server().sweepRegistrations();
            assertThat(sip.server().isRegistered("5001")).isTrue();
            clock.advance(Duration.ofSeconds(1));
            sip.server().sweepRegistrations();

            assertThat(sip.server().isRegistered("5001")).isFalse();
            assertThat(sip.registrations).containsExactly("registered 5001", "unregistered 5001");
            sip.assertDrained();
        }
    }

    @Test
    void unRegisterWithExpiresZero() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            assertThat(register(sip, "register_auth", "5002;password", 1, 600).exitCode()).isZero();
            assertThat(register(sip, "register_auth", "5002;password", 1, 0).exitCode()).isZero();

            assertThat(sip.server().isRegistered("5002")).isFalse();
            assertThat(sip.registrations).containsExactly("registered 5002", "unregistered 5002");
        }
    }

    @Test
    void registersOverTcpAndRemembersTheTransport() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp.Result result = register(sip, "register_auth", "5005;password", 1, 600, "-t", "t1");

            assertThat(result.exitCode()).as(result.log()).isZero();
            assertThat(sip.server().bindings("5005")).singleElement()
                    .satisfies(binding -> assertThat(binding.transport()).isEqualTo("tcp"));
        }
    }

    @Test
    void wrongPasswordIs403AndUnknownAccountToo() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp.Result wrong = register(sip, "register_wrong", "5003;not-the-password", 1, 600);
            Sipp.Result unknown = register(sip, "register_wrong", "6000;password", 1, 600);

            assertThat(wrong.exitCode()).as(wrong.log()).isZero();
            assertThat(unknown.exitCode()).as(unknown.log()).isZero();
            assertThat(sip.server().isRegistered("5003")).isFalse();
            assertThat(sip.registrations).isEmpty();
        }
    }

    @Test
    void tooBriefIs423WithMinExpires() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            Sipp.Result result = register(sip, "register_brief", "5004;password", 1, 10);

            assertThat(result.exitCode()).as(result.log()).isZero();
            assertThat(sip.server().isRegistered("5004")).isFalse();
        }
    }

    @Test
    void aStormOfThreeHundredRegistrationsIsAllAnswered() throws Exception {
        try (TestSipServer sip = TestSipServer.start()) {
            StringBuilder users = new StringBuilder();
            for (int i = 1; i <= 20; i++) {
                users.append(String.format("50%02d;password%n", i));
            }
            long start = System.nanoTime();
            Sipp.Result result = register(sip, "register_auth", users.toString().trim(), 300, 600, "-r", "150", "-l", "60");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.exitCode()).as(result.log()).isZero();
            assertThat(millis).as("300 registrations at 150/s").isLessThan(15_000);
            for (int i = 1; i <= 20; i++) {
                assertThat(sip.server().isRegistered(String.format("50%02d", i))).isTrue();
            }
            assertThat(sip.registrations).hasSize(20);
            assertThat(sip.server().stats().bindings()).isEqualTo(300);
            sip.assertDrained();
        }
    }

    private Sipp.Result register(TestSipServer sip, String scenario, String users, int calls, int expires, String... more)
            throws Exception {
        Path injection = Files.createTempFile(dir, "users", ".csv");
        StringBuilder lines = new StringBuilder("SEQUENTIAL\n");
        for (String line : users.split("\\R")) {
            String[] user = line.split(";");
            lines.append(user[0]).append(";[authentication username=").append(user[0]).append(" password=").append(user[1])
                    .append("]\n");
        }
        Files.writeString(injection, lines.toString());
        Sipp sipp = new Sipp(dir);
        List<String> arguments = new java.util.ArrayList<>(List.of("-sf", sipp.scenario(scenario).toString(),
                "-inf", injection.toString(), "-key", "expires", String.valueOf(expires), "-m", String.valueOf(calls)));
        arguments.addAll(List.of(more));
        return sipp.run("127.0.0.1:" + sip.port(), arguments, 20);
    }
}
