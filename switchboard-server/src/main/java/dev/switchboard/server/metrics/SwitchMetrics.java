package dev.switchboard.server.metrics;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallNotification;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;

/**
 * The metrics of one voice environment's switch, all tagged {@code environment}. It consumes the switch's events
 * behind an event hand-off of its own, like the notification publisher, so the switch thread never waits for it; its
 * state is touched by that one thread, and scrapes read only atomics.
 *
 * <ul>
 *   <li>{@code switchboard_calls_active}: calls started and not ended; {@code switchboard_calls_started_total},
 *       {@code switchboard_calls_ended_total}; {@code switchboard_call_failures_total} (asynchronous failures).</li>
 *   <li>{@code switchboard_queue_calls_waiting{queue}}: calls waiting in each ACD queue.</li>
 *   <li>{@code switchboard_agents_logged_in{state}}: logged-in agent devices by agent state.</li>
 *   <li>{@code switchboard_call_notifications_total{type}}: call changes for a device's user, by GWS
 *       {@code notificationType}; {@code switchboard_device_changes_total{change}}: device changes, by kind;
 *       {@code switchboard_monitoring_events_total{kind}}: monitoring events for the audit.</li>
 *   <li>{@code switchboard_switch_events_total{type}}: every event the switch handed off (each hand-off gets each).</li>
 *   <li>{@code switchboard_monitoring_subscriptions}: active subscriptions, read from the switch's published view
 *       once {@link #bind(Switch)} was called.</li>
 * </ul>
 */
public final class SwitchMetrics implements Consumer<SwitchEvent> {
    /** Ended calls remembered, so that an ended call published again is not counted twice. */
    private static final int ENDED_REMEMBERED = 10_000;
    private static final String NOT_WAITING = "";

    private final MeterRegistry registry;
    private final Tags tags;

    // Consumer thread only.
    /** Live calls: the queue each waits in, or {@link #NOT_WAITING}. */
    private final Map<String, String> liveCalls = new HashMap<>();
    private final Map<String, Boolean> recentlyEnded = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_REMEMBERED;
        }
    };
    /** The state of each device with a logged-in agent. */
    private final Map<String, AgentState> agents = new HashMap<>();
    private final Map<String, Counter> monitoringEvents = new HashMap<>();

    // Read by scrapes.
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();
    private final Map<AgentState, AtomicInteger> agentsByState = new EnumMap<>(AgentState.class);

    private final Counter callsStarted;
    private final Counter callsEnded;
    private final Counter callFailures;
    private final Map<CallNotification, Counter> notifications = new EnumMap<>(CallNotification.class);
    private final Map<DeviceChange, Counter> deviceChanges = new EnumMap<>(DeviceChange.class);
    private final Counter deviceEvents;
    private final Counter callStateEvents;
    private final Counter callEvents;
    private final Counter failureEvents;
    private final Counter monitoringEventCount;

    /** Registers the environment's meters; the queue gauges are those of the environment's ACD queues in the directory. */
    public SwitchMetrics(MeterRegistry registry, VoiceEnvironment environment, Directory directory) {
        this.registry = registry;
        this.tags = Tags.of("environment", environment.name());
        Gauge.builder("switchboard.calls.active", activeCalls, AtomicInteger::get).tags(tags)
                .description("Calls started and not ended").strongReference(true).register(registry);
        callsStarted = Counter.builder("switchboard.calls.started").tags(tags).description("Calls started").register(registry);
        callsEnded = Counter.builder("switchboard.calls.ended").tags(tags).description("Calls ended").register(registry);
        callFailures = Counter.builder("switchboard.call.failures").tags(tags)
                .description("Operations that failed after the switch accepted them").register(registry);
        for (Dn dn : directory.dns()) {
            if (dn.type() == DnType.ACD_QUEUE && dn.environment().equals(environment.name())) {
                queue(dn.number());
            }
        }
        for (AgentState state : AgentState.values()) {
            if (state.isLoggedIn()) {
                AtomicInteger count = new AtomicInteger();
                agentsByState.put(state, count);
                Gauge.builder("switchboard.agents.logged.in", count, AtomicInteger::get).tags(tags).tag("state", state.name())
                        .description("Agent devices with a logged-in agent, by agent state").strongReference(true)
                        .register(registry);
            }
        }
        for (CallNotification type : CallNotification.values()) {
            notifications.put(type, Counter.builder("switchboard.call.notifications").tags(tags).tag("type", type.wireName())
                    .description("Call changes for a device's user (CallStateChangeMessages), by notificationType")
                    .register(registry));
        }
        for (DeviceChange change : DeviceChange.values()) {
            deviceChanges.put(change, Counter.builder("switchboard.device.changes").tags(tags).tag("change", change.name())
                    .description("Device changes (DeviceStateChangeMessages), by what changed").register(registry));
        }
        deviceEvents = eventCounter("DeviceStateChanged");
        callStateEvents = eventCounter("CallStateChanged");
        callEvents = eventCounter("CallChanged");
        failureEvents = eventCounter("CallFailed");
        monitoringEventCount = eventCounter("MonitoringEvent");
    }

    /** Adds the gauge of the switch's active monitoring subscriptions (the switch is built after its event sinks). */
    public void bind(Switch voiceSwitch) {
        Gauge.builder("switchboard.monitoring.subscriptions", voiceSwitch, s -> s.subscriptions().size()).tags(tags)
                .description("Active supervisor monitoring subscriptions").strongReference(true).register(registry);
    }

    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof CallChanged changed) {
            callEvents.increment();
            callChanged(changed.call());
        } else if (event instanceof CallStateChanged changed) {
            callStateEvents.increment();
            notifications.get(changed.notification()).increment();
        } else if (event instanceof DeviceStateChanged changed) {
            deviceEvents.increment();
            deviceChanges.get(changed.change()).increment();
            agentState(changed.device().id(), changed.device().agentState());
        } else if (event instanceof CallFailed) {
            failureEvents.increment();
            callFailures.increment();
        } else if (event instanceof MonitoringEvent monitoring) {
            monitoringEventCount.increment();
            monitoringEvents.computeIfAbsent(monitoring.kind(), kind -> Counter.builder("switchboard.monitoring.events")
                    .tags(tags).tag("kind", kind).description("Monitoring events (joins, switches, mutes, leaves, ends)")
                    .register(registry)).increment();
        }
    }

    private void callChanged(CallSnapshot call) {
        String id = call.id();
        String before = liveCalls.get(id);
        if (before == null) {
            if (recentlyEnded.containsKey(id)) {
                return;
            }
            callsStarted.increment();
            before = NOT_WAITING;
            if (!call.ended()) {
                activeCalls.incrementAndGet();
            }
        }
        String after = call.ended() || call.waitingAt() == null ? NOT_WAITING : call.waitingAt();
        if (!after.equals(before)) {
            if (!before.isEmpty()) {
                queue(before).decrementAndGet();
            }
            if (!after.isEmpty()) {
                queue(after).incrementAndGet();
            }
        }
        if (call.ended()) {
            if (liveCalls.remove(id) != null) {
                activeCalls.decrementAndGet();
            }
            recentlyEnded.put(id, Boolean.TRUE);
            callsEnded.increment();
        } else {
            liveCalls.put(id, after);
        }
    }

    private void agentState(String deviceId, AgentState state) {
        AgentState before = state.isLoggedIn() ? agents.put(deviceId, state) : agents.remove(deviceId);
        if (before != state) {
            if (before != null) {
                agentsByState.get(before).decrementAndGet();
            }
            if (state.isLoggedIn()) {
                agentsByState.get(state).incrementAndGet();
            }
        }
    }

    private AtomicInteger queue(String number) {
        return waiting.computeIfAbsent(number, n -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("switchboard.queue.calls.waiting", count, AtomicInteger::get).tags(tags).tag("queue", n)
                    .description("Calls waiting in the ACD queue").strongReference(true).register(registry);
            return count;
        });
    }

    private Counter eventCounter(String type) {
        return Counter.builder("switchboard.switch.events").tags(tags).tag("type", type)
                .description("Events the switch handed off (to each of its hand-offs)").register(registry);
    }
}
