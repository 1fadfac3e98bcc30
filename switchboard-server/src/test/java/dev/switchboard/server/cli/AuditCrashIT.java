package dev.switchboard.server.cli;

import static dev.switchboard.server.cli.DemoRest.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.server.audit.AuditAppenderMain;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.store.JdbcStore;

/**
 * The monitoring audit survives {@code kill -9} (issue 4): a real child process is killed with SIGKILL right after
 * it acknowledged audit entries, and everything it acknowledged must be found, with an intact chain, when the same
 * data directory is opened again.
 *
 * <ul>
 *   <li>{@link #everyAcknowledgedAppendSurvivesSigkillOfTheWritingProcess}: a JVM running {@link AuditAppenderMain}
 *       on the test class path appends as fast as it can; it is killed right after its Nth acknowledgement, in the
 *       middle of the next append, three times on the same data.</li>
 *   <li>{@link #acknowledgedMonitoringRequestsSurviveSigkillOfTheServer}: the real {@code ./switchboard demo}, killed
 *       right after it answered {@code {"statusCode":0}} to monitoring requests, then started again on the same data
 *       and asked for {@code /ext/v1/monitoring/audit}.</li>
 * </ul>
 *
 * <p>Run by failsafe after {@code package}, like {@link LauncherIT}. Every process is killed in a {@code finally}.
 */
class AuditCrashIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);
    private static final Duration APPENDS = Duration.ofSeconds(60);
    private static final int ROUNDS = 3;
    private static final int ACKNOWLEDGED_PER_ROUND = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final DemoRest rest = new DemoRest();

    /** One acknowledgement line of the child: the entry as the child was told it is stored. */
    private record Acknowledged(long sequence, String previousHash, String hash) {
        static Acknowledged parse(String line) {
            String[] parts = line.substring(AuditAppenderMain.APPENDED.length()).split(" ");
            return new Acknowledged(Long.parseLong(parts[0]), parts[1], parts[2]);
        }
    }

    @Test
    void everyAcknowledgedAppendSurvivesSigkillOfTheWritingProcess() throws Exception {
        Path dataDir = temp.resolve("data");
        Pattern appended = Pattern.compile("^" + Pattern.quote(AuditAppenderMain.APPENDED) + ".*");
        List<Acknowledged> acknowledged = new ArrayList<>();
        String tail = AuditEntry.GENESIS;
        for (int round = 1; round <= ROUNDS; round++) {
            List<Acknowledged> thisRound = new ArrayList<>();
            try (ChildLines child = new ChildLines(appender(dataDir, "round" + round), SHUTDOWN)) {
                long deadline = System.nanoTime() + APPENDS.toNanos();
                child.next(Pattern.compile("^" + Pattern.quote(AuditAppenderMain.READY)), deadline);
                for (int n = 0; n < ACKNOWLEDGED_PER_ROUND; n++) {
                    thisRound.add(Acknowledged.parse(child.next(appended, deadline).group()));
                }
                // Right after the last acknowledgement read: the child is already busy with the next append.
                child.kill();
            }
            assertThat(thisRound.get(0).previousHash()).as("round %d continues the stored chain", round).isEqualTo(tail);
            acknowledged.addAll(thisRound);

            try (JdbcStore store = JdbcStore.open(JdbcStore.h2FileUrl(dataDir), null, null)) {
                JdbcMonitoringAudit audit = new JdbcMonitoringAudit(store.dataSource());
                List<AuditEntry> entries = audit.entries();
                for (Acknowledged ack : acknowledged) {
                    assertThat(entries.size()).as("entries after round %d", round).isGreaterThanOrEqualTo((int) ack.sequence());
                    AuditEntry stored = entries.get((int) ack.sequence() - 1);
                    assertThat(stored.sequence()).isEqualTo(ack.sequence());
                    assertThat(stored.previousHash()).as("previous hash of entry %d", ack.sequence()).isEqualTo(ack.previousHash());
                    assertThat(stored.hash()).as("hash of entry %d", ack.sequence()).isEqualTo(ack.hash());
                }
                assertThat(audit.verify()).as("chain after round %d", round).isTrue();
                tail = entries.get(entries.size() - 1).hash();
            }
        }
    }

    /** {@code java -cp <test class path> AuditAppenderMain dataDir label max}. */
    private static ProcessBuilder appender(Path dataDir, String label) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire and failsafe may start the tests through a manifest-only jar; this property has the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-cp", classPath, AuditAppenderMain.class.getName(), dataDir.toString(), label, "100000");
    }

    @Test
    void acknowledgedMonitoringRequestsSurviveSigkillOfTheServer() throws Exception {
        Path dataDir = temp.resolve("server-data");
        String supervisorId;
        try (ChildLines server = new ChildLines(demo(dataDir), SHUTDOWN)) {
            int port = server.port(STARTUP);
            supervisorId = rest.call(port, "GET", "/api/v2/me", "supervisor1", null).path("user").path("id").asText();
            String deviceId = startSupervisorSession(port);

            assertOk(monitor(port, deviceId, "ListenIn", "5001"));
            assertOk(monitor(port, deviceId, "Coach", "5002"));
            // Right after the acknowledgement: its entry must already be on disk.
            server.kill();
        }

        try (ChildLines server = new ChildLines(demo(dataDir), SHUTDOWN)) {
            int port = server.port(STARTUP);
            JsonNode audit = rest.call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);

            assertOk(audit);
            assertThat(audit.path("chainValid").asBoolean()).as(audit.toString()).isTrue();
            assertThat(requestTargets(audit, supervisorId)).as(audit.toString()).containsExactly("5001", "5002");

            // The restarted server goes on with the chain the killed one left.
            assertOk(monitor(port, startSupervisorSession(port), "ListenIn", "5003"));
            audit = rest.call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);
            assertThat(audit.path("chainValid").asBoolean()).as(audit.toString()).isTrue();
            assertThat(requestTargets(audit, supervisorId)).as(audit.toString()).containsExactly("5001", "5002", "5003");
        }
    }

    private static ProcessBuilder demo(Path dataDir) {
        return ChildLines.launcher("demo", "--port", "0", "--sip-port", "0", "--data-dir", dataDir.toString(), "--traffic", "0");
    }

    /** Starts supervisor1's contact-center session and answers the id of their device 5005. */
    private String startSupervisorSession(int port) throws IOException, InterruptedException {
        assertOk(rest.call(port, "POST", "/api/v2/me", "supervisor1",
                "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}"));
        JsonNode devices = rest.call(port, "GET", "/api/v2/me/devices?fields=*", "supervisor1", null);
        for (JsonNode device : devices.path("devices")) {
            if (device.path("phoneNumber").asText().equals("5005")) {
                return device.path("id").asText();
            }
        }
        return fail("supervisor1 has no device 5005: %s", devices);
    }

    private JsonNode monitor(int port, String deviceId, String operation, String phoneNumber) throws IOException, InterruptedException {
        return rest.call(port, "POST", "/api/v2/me/devices/" + deviceId, "supervisor1",
                "{\"operationName\":\"" + operation + "\",\"phoneNumber\":\"" + phoneNumber + "\"}");
    }

    /** The targets of the supervisor's REQUEST entries, oldest first. */
    private static List<String> requestTargets(JsonNode audit, String supervisorId) {
        List<String> targets = new ArrayList<>();
        for (JsonNode entry : audit.path("entries")) {
            if (entry.path("kind").asText().equals("REQUEST") && entry.path("supervisorId").asText().equals(supervisorId)) {
                targets.add(entry.path("target").asText());
            }
        }
        return targets;
    }
}
