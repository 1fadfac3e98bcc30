package dev.switchboard.server.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceChange;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.MonitoringEvent;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.CallSnapshot;

/**
 * The floor as it changes: folds each switch's events (from its records hand-off, never on the switch thread) into
 * what changed — agents, calls, subscriptions — and, a short {@link #COALESCE_MILLIS} after the first change, hands
 * each viewer the rows of what changed that they may see. A burst of events costs one update per viewer, and nothing
 * is sent when nothing changed: the floor is pushed, never polled.
 */
final class FloorFeed {
    /** How long changes gather before they go out: well under a frame of a 60 Hz display. */
    static final long COALESCE_MILLIS = 15;
    private static final int ENDED_KEPT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(FloorFeed.class);

    /** Where updates go: to each viewer connected now. */
    interface Sink {
        /** The users with a floor connected now. */
        Set<String> viewers();

        /** Sends {@code update} to every floor session of {@code userId}. */
        void send(String userId, Map<String, Object> update);
    }

    /** A live call and the switch it is on. */
    private record LiveCall(String environment, CallSnapshot snapshot, Instant startedAt) {
    }

    private final Directory directory;
    private final FloorView view;
    private final FloorTimes times;
    private final ScheduledExecutorService flusher;
    private final Sink sink;
    private final Map<String, LiveCall> liveCalls = new ConcurrentHashMap<>();
    private final Set<String> dirtyAgents = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyCalls = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean subscriptionsChanged = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Deque<Map<String, Object>> ended = new ArrayDeque<>();

    FloorFeed(ContactCenter contactCenter, FloorView view, FloorTimes times, ScheduledExecutorService flusher, Sink sink) {
        this.directory = contactCenter.directory();
        this.view = view;
        this.times = times;
        this.flusher = flusher;
        this.sink = sink;
    }

    /** Folds in one event of the switch of {@code environment}. */
    void accept(String environment, SwitchEvent event) {
        if (event instanceof DeviceStateChanged device) {
            markAgent(device.userId());
            if (device.device().userId() != null) {
                markAgent(device.device().userId());
            }
            if (device.change() == DeviceChange.MONITORING || device.change() == DeviceChange.LOGOUT) {
                subscriptionsChanged.set(true);
            }
        } else if (event instanceof CallStateChanged call) {
            times.accept(call);
            markAgent(call.userId());
        } else if (event instanceof CallChanged changed) {
            CallSnapshot snapshot = changed.call();
            if (snapshot.ended()) {
                liveCalls.remove(snapshot.id());
            } else {
                liveCalls.compute(snapshot.id(), (id, previous) -> new LiveCall(environment, snapshot,
                        previous == null ? changed.at() : previous.startedAt()));
            }
            dirtyCalls.add(snapshot.id());
            for (CallSnapshot.Party party : snapshot.parties()) {
                view.userOfNumber(environment, party.number()).ifPresent(user -> markAgent(user.id()));
            }
        } else if (event instanceof MonitoringEvent monitoring) {
            subscriptionsChanged.set(true);
            if (monitoring.kind().equals("END")) {
                Map<String, Object> end = new LinkedHashMap<>();
                end.put("supervisor", directory.userById(monitoring.supervisorUserId()).map(User::userName).orElse(null));
                end.put("supervisorId", monitoring.supervisorUserId());
                end.put("phoneNumber", monitoring.targetNumber());
                end.put("reason", monitoring.detail());
                end.put("endedAt", monitoring.at().toEpochMilli());
                synchronized (ended) {
                    ended.addFirst(end);
                    while (ended.size() > ENDED_KEPT) {
                        ended.removeLast();
                    }
                }
            }
        } else {
            return;
        }
        schedule();
    }

    private void markAgent(String userId) {
        if (userId != null) {
            dirtyAgents.add(userId);
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            flusher.schedule(this::flush, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends what changed since the last flush to every viewer connected now. */
    void flush() {
        scheduled.set(false);
        List<String> agentIds = drain(dirtyAgents);
        List<String> callIds = drain(dirtyCalls);
        boolean subscriptions = subscriptionsChanged.getAndSet(false);
        try {
            Set<String> viewers = sink.viewers();
            if (viewers.isEmpty()) {
                return;
            }
            Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
            for (String id : agentIds) {
                directory.userById(id).ifPresent(agent -> rows.put(id, view.agentRow(agent)));
            }
            for (String viewerId : viewers) {
                User viewer = directory.userById(viewerId).orElse(null);
                if (viewer == null || !FloorView.hasFloor(viewer)) {
                    continue;
                }
                Map<String, Object> update = update(viewer, rows, callIds, subscriptions);
                if (!update.isEmpty()) {
                    sink.send(viewerId, update);
                }
            }
        } catch (RuntimeException failure) {
            LOG.warn("A floor update failed", failure);
        }
    }

    private Map<String, Object> update(User viewer, Map<String, Map<String, Object>> rows, List<String> callIds,
                                       boolean subscriptions) {
        Map<String, Object> update = new LinkedHashMap<>();
        List<Map<String, Object>> agents = new ArrayList<>();
        rows.forEach((id, row) -> directory.userById(id).filter(agent -> view.sees(viewer, agent)).ifPresent(agent -> agents.add(row)));
        if (!agents.isEmpty()) {
            update.put("agents", agents);
        }
        List<Map<String, Object>> calls = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (String callId : callIds) {
            LiveCall live = liveCalls.get(callId);
            if (live == null) {
                gone.add(callId);
            } else if (view.sees(viewer, live.environment(), live.snapshot())) {
                calls.add(view.call(live.environment(), live.snapshot(), live.startedAt()));
            } else {
                // It may have left the viewer's sight (transferred away): drop it from their list.
                gone.add(callId);
            }
        }
        if (!calls.isEmpty()) {
            update.put("calls", calls);
        }
        if (!gone.isEmpty()) {
            update.put("endedCalls", gone);
        }
        if (subscriptions) {
            update.put("subscriptions", view.subscriptions(viewer));
            update.put("endedSubscriptions", endedFor(viewer));
        }
        return update;
    }

    /** The whole floor {@code viewer} sees now. */
    Map<String, Object> snapshot(User viewer) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> agents = new ArrayList<>();
        for (User agent : view.agentsOf(viewer)) {
            agents.add(view.agentRow(agent));
        }
        body.put("agents", agents);
        List<Map<String, Object>> calls = new ArrayList<>();
        for (LiveCall live : liveCalls.values()) {
            if (view.sees(viewer, live.environment(), live.snapshot())) {
                calls.add(view.call(live.environment(), live.snapshot(), live.startedAt()));
            }
        }
        body.put("calls", calls);
        body.put("points", view.points(viewer));
        body.put("subscriptions", view.subscriptions(viewer));
        body.put("endedSubscriptions", endedFor(viewer));
        return body;
    }

    private List<Map<String, Object>> endedFor(User viewer) {
        List<Map<String, Object>> result = new ArrayList<>();
        synchronized (ended) {
            for (Map<String, Object> end : ended) {
                if (viewer.isAdmin() || viewer.id().equals(end.get("supervisorId"))) {
                    result.add(end);
                }
            }
        }
        return result;
    }

    private static List<String> drain(Set<String> set) {
        List<String> drained = new ArrayList<>();
        for (var it = set.iterator(); it.hasNext();) {
            drained.add(it.next());
            it.remove();
        }
        return drained;
    }
}
