package dev.switchboard.server.cli;

import static dev.switchboard.server.cli.DemoRest.assertOk;
import static dev.switchboard.server.cli.DemoRest.auditEntries;
import static dev.switchboard.server.cli.DemoRest.freePort;
import static dev.switchboard.server.cli.DemoRest.onlyDevice;
import static dev.switchboard.server.cli.DemoRest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.OpenMonitoring;

/**
 * A crash under load (issue 12): a real {@code ./switchboard demo} with simulated customers calling and the bots
 * answering, four agents changing state (NotReady for Lunch, AuxWork, AfterCallWork), do-not-disturb and forwarding,
 * and two supervisors switching between ListenIn, Coach and BargeIn on the bots and cancelling, all as fast as the
 * server answers, is killed with SIGKILL at a random moment and started again on the same data. Every change a reply
 * acknowledged is there, or the one that was in flight when the server died; every acknowledged monitoring request is
 * in the audit, whose chain is valid and which has open exactly the subscriptions the switch has.
 */
class CrashUnderLoadIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration SHUTDOWN = Duration.ofSeconds(20);
    /** Changes acknowledged by the server under load, over all actors. */
    private static final AtomicInteger ACKNOWLEDGED = new AtomicInteger();
    private static final List<String> AGENTS = List.of("agent1", "agent2", "agent3", "agent4");
    private static final Map<String, List<String>> TARGETS = Map.of("supervisor1", List.of("5101", "5102"), "supervisor2",
            List.of("5103"));

    @TempDir
    Path temp;

    private final DemoRest rest = new DemoRest();

    /** What a user's devices must show: one value per dimension, as last acknowledged, or as the request in flight. */
    private static final class Expected {
        final Map<String, String> acked = new HashMap<>();
        final Map<String, String> inFlight = new HashMap<>();
        int acknowledgedMonitoringRequests;

        void sending(String dimension, String value) {
            inFlight.clear();
            inFlight.put(dimension, value);
        }

        void acknowledged(String dimension, String value) {
            acked.put(dimension, value);
            inFlight.clear();
        }

        void refused() {
            inFlight.clear();
        }

        Set<String> allowed(String dimension) {
            Set<String> values = new LinkedHashSet<>();
            values.add(acked.get(dimension));
            if (inFlight.containsKey(dimension)) {
                values.add(inFlight.get(dimension));
            }
            return values;
        }
    }

    @Test
    void everyAcknowledgedChangeSurvivesAKillUnderLoad() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dataDir = temp.resolve("data");
        int port = freePort();
        Map<String, Expected> expected = new HashMap<>();
        Instant killedAt;
        try (ChildLines server = new ChildLines(ChildLines.launcher("demo", "--port", String.valueOf(port), "--sip-port", "0",
                "--data-dir", dataDir.toString(), "--traffic", "60"), SHUTDOWN)) {
            assertThat(server.port(STARTUP)).isEqualTo(port);
            String start = "{\"operationName\":\"StartContactCenterSession\",\"channels\":[\"voice\"]}";
            for (String user : concat(AGENTS, List.copyOf(TARGETS.keySet()))) {
                assertOk(rest.call(port, "POST", "/api/v2/me", user, start));
                Expected mine = new Expected();
                JsonNode device = onlyDevice(rest.call(port, "GET", "/api/v2/me/devices?fields=*", user, null));
                mine.acknowledged("state", device.path("userState").path("displayName").asText());
                mine.acknowledged("dnd", device.path("doNotDisturb").asText());
                mine.acknowledged("forward", text(device, "forwardTo"));
                mine.acknowledged("monitoring", null);
                expected.put(user, mine);
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> actors = new ArrayList<>();
            for (String agent : AGENTS) {
                actors.add(actor(() -> agentLoop(port, agent, expected.get(agent), new Random(random.nextLong()), stop)));
            }
            for (String supervisor : TARGETS.keySet()) {
                actors.add(actor(() -> supervisorLoop(port, supervisor, expected.get(supervisor), new Random(random.nextLong()), stop)));
            }
            actors.forEach(Thread::start);
            // The kill's moment is random: after a random number of acknowledged changes, counted as they come.
            int killAfter = 100 + random.nextInt(400);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ACKNOWLEDGED.get() >= killAfter);
            killedAt = Instant.now();
            server.kill();
            stop.set(true);
            for (Thread actor : actors) {
                actor.join(Duration.ofSeconds(30).toMillis());
                assertThat(actor.isAlive()).as("actor stopped").isFalse();
            }
        }

        try (ChildLines server = new ChildLines(ChildLines.launcher("demo", "--port", String.valueOf(port), "--sip-port", "0",
                "--data-dir", dataDir.toString(), "--traffic", "0"), SHUTDOWN)) {
            assertThat(server.port(STARTUP)).isEqualTo(port);
            String context = "seed " + seed + ", killed at " + killedAt;
            for (String agent : AGENTS) {
                Expected mine = expected.get(agent);
                JsonNode device = onlyDevice(rest.call(port, "GET", "/api/v2/me/devices?fields=*", agent, null));
                assertThat(device.path("userState").path("displayName").asText()).as(agent + " state, " + context)
                        .isIn(mine.allowed("state"));
                assertThat(device.path("doNotDisturb").asText()).as(agent + " DND, " + context).isIn(mine.allowed("dnd"));
                assertThat(text(device, "forwardTo")).as(agent + " forwarding, " + context).isIn(mine.allowed("forward"));
            }
            JsonNode audit = rest.call(port, "GET", "/ext/v1/monitoring/audit", "admin", null);
            assertThat(audit.path("chainValid").asBoolean()).as(context).isTrue();
            List<AuditEntry> entries = auditEntries(audit);
            Set<String> openInSwitch = new LinkedHashSet<>();
            for (JsonNode subscription : rest.call(port, "GET", "/ext/v1/monitoring/subscriptions", "admin", null).path("subscriptions")) {
                openInSwitch.add(subscription.path("supervisorId").asText(subscription.path("supervisorUserId").asText()));
            }
            Set<String> openInAudit = new LinkedHashSet<>();
            OpenMonitoring.of(entries).forEach(open -> openInAudit.add(open.supervisorUserId()));
            assertThat(openInAudit).as("open in the audit = open in the switch, " + context).isEqualTo(openInSwitch);
            for (String supervisor : TARGETS.keySet()) {
                Expected mine = expected.get(supervisor);
                JsonNode device = onlyDevice(rest.call(port, "GET", "/api/v2/me/devices?fields=*", supervisor, null));
                JsonNode state = device.path("supervisorMonitoringState");
                String monitoring = state.isMissingNode() ? null : state.path("state").asText() + " " + state.path("phoneNumber").asText();
                assertThat(monitoring).as(supervisor + " monitoring, " + context).isIn(mine.allowed("monitoring"));
                String id = rest.call(port, "GET", "/api/v2/me", supervisor, null).path("user").path("id").asText();
                long requests = entries.stream().filter(entry -> entry.record().supervisorUserId().equals(id)
                        && entry.record().kind().equals("REQUEST")).count();
                assertThat(requests).as(supervisor + "'s acknowledged requests are in the audit, " + context)
                        .isGreaterThanOrEqualTo(mine.acknowledgedMonitoringRequests);
                assertThat(mine.acknowledgedMonitoringRequests).as("the load reached the supervisors").isPositive();
            }
            server.terminate();
        }
    }

    private void agentLoop(int port, String agent, Expected mine, Random random, AtomicBoolean stop) {
        String device = null;
        while (!stop.get()) {
            try {
                if (device == null) {
                    device = onlyDevice(rest.call(port, "GET", "/api/v2/me/devices?fields=*", agent, null)).path("id").asText();
                }
                switch (random.nextInt(5)) {
                    case 0 -> change(mine, "state", "Out to Lunch", () -> rest.call(port, "POST", "/api/v2/me/channels/voice", agent,
                            "{\"operationName\":\"NotReady\",\"reasonCode\":\"Lunch\"}"));
                    case 1 -> change(mine, "state", "AuxWork", () -> rest.call(port, "POST", "/api/v2/me/channels/voice", agent,
                            "{\"operationName\":\"AuxWork\"}"));
                    case 2 -> change(mine, "state", "AfterCallWork", () -> rest.call(port, "POST", "/api/v2/me/channels/voice", agent,
                            "{\"operationName\":\"AfterCallWork\",\"wrapUpTime\":600}"));
                    case 3 -> {
                        boolean on = "On".equals(mine.acked.get("dnd"));
                        String path = "/api/v2/me/devices/" + device;
                        change(mine, "dnd", on ? "Off" : "On", () -> rest.call(port, "POST", path, agent,
                                "{\"operationName\":\"" + (on ? "DoNotDisturbOff" : "DoNotDisturbOn") + "\"}"));
                    }
                    default -> {
                        boolean on = mine.acked.get("forward") != null;
                        String path = "/api/v2/me/devices/" + device;
                        String to = "55590" + random.nextInt(10);
                        change(mine, "forward", on ? null : to, () -> rest.call(port, "POST", path, agent, on
                                ? "{\"operationName\":\"ForwardCallsOff\"}"
                                : "{\"operationName\":\"ForwardCallsOn\",\"destination\":\"" + to + "\"}"));
                    }
                }
            } catch (IOException | InterruptedException gone) {
                return;
            }
        }
    }

    private void supervisorLoop(int port, String supervisor, Expected mine, Random random, AtomicBoolean stop) {
        String device = null;
        List<String> targets = TARGETS.get(supervisor);
        while (!stop.get()) {
            try {
                if (device == null) {
                    device = onlyDevice(rest.call(port, "GET", "/api/v2/me/devices?fields=*", supervisor, null)).path("id").asText();
                }
                String path = "/api/v2/me/devices/" + device;
                int choice = random.nextInt(4);
                if (choice == 3 && mine.acked.get("monitoring") != null) {
                    mine.acknowledgedMonitoringRequests += change(mine, "monitoring", null, () -> rest.call(port, "POST", path, supervisor,
                            "{\"operationName\":\"CancelSupervisorMonitoring\"}")) ? 1 : 0;
                } else {
                    String way = List.of("ListenIn", "Coach", "BargeIn").get(choice % 3);
                    String target = targets.get(random.nextInt(targets.size()));
                    String body = "{\"operationName\":\"" + way + "\",\"phoneNumber\":\"" + target
                            + "\",\"supervisorMonitoringMode\":\"AllCalls\"}";
                    mine.acknowledgedMonitoringRequests += change(mine, "monitoring", way + " " + target,
                            () -> rest.call(port, "POST", path, supervisor, body)) ? 1 : 0;
                }
            } catch (IOException | InterruptedException gone) {
                return;
            }
        }
    }

    /** A request that would set {@code dimension} to {@code value}: in flight until answered; whether acknowledged. */
    private static boolean change(Expected mine, String dimension, String value, Request request)
            throws IOException, InterruptedException {
        mine.sending(dimension, value);
        JsonNode reply = request.send();
        if (reply.path("statusCode").asInt(-1) == 0) {
            mine.acknowledged(dimension, value);
            ACKNOWLEDGED.incrementAndGet();
            return true;
        }
        mine.refused();
        return false;
    }

    private interface Request {
        JsonNode send() throws IOException, InterruptedException;
    }

    private static Thread actor(Runnable loop) {
        Thread thread = new Thread(loop, "crash-actor");
        thread.setDaemon(true);
        return thread;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
