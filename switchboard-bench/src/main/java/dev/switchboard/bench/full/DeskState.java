package dev.switchboard.bench.full;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A desk of the run (an agent's or a supervisor's) and what the run tracks of it, with the set-up operations it does. */
final class DeskState {
    /** How long a set-up operation waits for its DeviceStateChangeMessage. */
    static final long WAIT_SECONDS = 15;
    /** Where the server's echo comes back. */
    static final String ECHO_CHANNEL = "/v2/me/echo";

    /** A message as the desk's listener got it, and when (System.nanoTime). */
    record Arrival(Map<String, Object> data, long nanos) {
    }

    final Desk desk;
    final boolean supervisor;
    /** A desk outside the routed group, for durable operations timed while the load runs. */
    final boolean probe;
    volatile DeskState monitoredBy;
    volatile LinkedBlockingQueue<Arrival> setupDevices = new LinkedBlockingQueue<>();
    final Map<String, Long> answerSent = new ConcurrentHashMap<>();
    final Set<String> answering = ConcurrentHashMap.newKeySet();
    final AtomicLong pendingAnswer = new AtomicLong();
    volatile CompletableFuture<Long> baselineWaiter;
    /** When each of the baseline's loaded POSTs to this desk was sent, oldest first. */
    final java.util.concurrent.ConcurrentLinkedQueue<Long> baselinePosted = new java.util.concurrent.ConcurrentLinkedQueue<>();
    volatile boolean baselineLoaded;
    /** The server's echoes ({@code /v2/me/echo}) as the desk's listener got them. */
    final LinkedBlockingQueue<Arrival> echoes = new LinkedBlockingQueue<>();

    DeskState(Desk desk, boolean supervisor) {
        this(desk, supervisor, false);
    }

    DeskState(Desk desk, boolean supervisor, boolean probe) {
        this.desk = desk;
        this.supervisor = supervisor;
        this.probe = probe;
    }

    /** The supervisors of the routed group (not the probe supervisor). */
    static List<DeskState> supervisors(List<DeskState> desks) {
        return desks.stream().filter(d -> d.supervisor && !d.probe).toList();
    }

    /** The agents of the routed group (not the probe agents). */
    static List<DeskState> agents(List<DeskState> desks) {
        return desks.stream().filter(d -> !d.supervisor && !d.probe).toList();
    }

    static List<DeskState> probes(List<DeskState> desks) {
        return desks.stream().filter(d -> d.probe).toList();
    }

    /**
     * The agent goes Ready; returns when the desk has both the reply and its DeviceStateChangeMessage (System.nanoTime).
     * Both: the message may come before the reply, which waits for the change to be durable.
     */
    static long ready(DeskState agent) throws InterruptedException {
        drain(agent);
        agent.desk.operation("/api/v2/me/channels/voice", "Ready", Map.of()).assertOk("Ready");
        return completed(agent);
    }

    /** When the desk has both the reply it just got and the DeviceStateChangeMessage that goes with it. */
    private static long completed(DeskState state) throws InterruptedException {
        long replied = System.nanoTime();
        return Math.max(replied, nextDevice(state).nanos());
    }

    static void notReady(DeskState agent) throws InterruptedException {
        drain(agent);
        agent.desk.operation("/api/v2/me/channels/voice", "NotReady", Map.of()).assertOk("NotReady");
        nextDevice(agent);
    }

    /** The agent goes NotReady with {@code reasonCode}; returns when the desk has the reply and its DeviceStateChangeMessage. */
    static long notReady(DeskState agent, String reasonCode) throws InterruptedException {
        drain(agent);
        agent.desk.operation("/api/v2/me/channels/voice", "NotReady", Map.of("reasonCode", reasonCode)).assertOk("NotReady");
        return completed(agent);
    }

    /** Do-not-disturb on or off on the desk's device; returns when the desk has the reply and its DeviceStateChangeMessage. */
    static long doNotDisturb(DeskState state, boolean on) throws InterruptedException {
        drain(state);
        String operation = on ? "DoNotDisturbOn" : "DoNotDisturbOff";
        state.desk.operation("/api/v2/me/devices/" + state.desk.deviceId(), operation, Map.of()).assertOk(operation);
        return completed(state);
    }

    /**
     * The supervisor listens in (AllCalls, Call scope) on the agent; returns when the desk has the reply and its
     * DeviceStateChangeMessage.
     */
    static long listenIn(DeskState supervisor, DeskState agent) throws InterruptedException {
        drain(supervisor);
        supervisor.desk.operation("/api/v2/me/devices/" + supervisor.desk.deviceId(), "ListenIn",
                Map.of("targetDeviceUri", agent.desk.deviceUri(), "supervisorMonitoringMode", "AllCalls",
                        "supervisorMonitoringScope", "Call")).assertOk("ListenIn");
        return completed(supervisor);
    }

    static void cancel(DeskState supervisor) throws InterruptedException {
        drain(supervisor);
        supervisor.desk.operation("/api/v2/me/devices/" + supervisor.desk.deviceId(), "CancelSupervisorMonitoring", Map.of())
                .assertOk("CancelSupervisorMonitoring");
        nextDevice(supervisor);
    }

    /**
     * The server's own bare delivery: {@code POST /ext/v1/notifications/echo}, with one fdatasync before it when
     * {@code fdatasync}; returns when the desk has both the reply and the echo, as the durable operations are timed.
     */
    static long echo(DeskState state, boolean fdatasync) throws InterruptedException {
        state.echoes.clear();
        state.desk.post("/ext/v1/notifications/echo", fdatasync ? "{\"fdatasync\":true}" : "{}").assertOk("echo");
        long replied = System.nanoTime();
        Arrival echo = state.echoes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (echo == null) {
            throw new IllegalStateException("No echo for " + state.desk.user() + " within " + WAIT_SECONDS + " s");
        }
        return Math.max(replied, echo.nanos());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstDevice(Map<String, Object> message) {
        return ((List<Map<String, Object>>) message.get("devices")).get(0);
    }

    /** The next DeviceStateChangeMessage of the desk, with when its listener got it. */
    static Arrival nextDevice(DeskState state) throws InterruptedException {
        Arrival message = state.setupDevices.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (message == null) {
            throw new IllegalStateException("No DeviceStateChangeMessage for " + state.desk.user() + " within " + WAIT_SECONDS + " s");
        }
        return message;
    }

    static void drain(DeskState state) {
        state.setupDevices.clear();
    }

    /** Closes every desk's clients at once, waiting a bounded time. */
    static void closeAll(List<DeskState> desks) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (DeskState state : desks) {
            closing.add(CompletableFuture.runAsync(state.desk::close));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception slow) {
            // the child is stopped next anyway
        }
    }
}
