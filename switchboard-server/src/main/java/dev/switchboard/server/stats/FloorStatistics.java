package dev.switchboard.server.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallChanged;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallType;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.core.view.PartyState;

/**
 * The floor's statistics, computed from the switches' events alone: agents' states, handled and missed calls and
 * handle time; queues' and routing points' waiting, offered, answered and abandoned calls; groups as the sum of their
 * members. A pure model: no I/O, no threads, time only from the events and the {@code now} it is asked at. Not
 * thread-safe (its owner serializes).
 *
 * <ul>
 *   <li>An agent's call counts once it ends: handled if the agent's party was established, missed if it only rang.
 *       Supervisors' monitoring legs and consultation calls are not counted.</li>
 *   <li>A call reaches a queue when it waits there or a queue offers it to an agent, and a routing point when it is
 *       dialed to it. It waits there (ringing at an agent included) until an agent answers (answered, with its wait)
 *       or it ends (abandoned).</li>
 * </ul>
 */
public final class FloorStatistics {
    /** How far back entries are kept: the longest interval. */
    private static final Duration KEPT = Duration.ofMinutes(Interval.MAX_MINUTES);

    private final Directory directory;
    private final ZoneId zone;
    private final long serviceLevelMillis;
    private final Map<String, AgentTally> agents = new HashMap<>();
    private final Map<StatObject, PointTally> points = new HashMap<>();
    /** For each live call that reached queues or routing points: each of them, and whether it was answered there. */
    private final Map<String, Map<StatObject, Boolean>> visits = new HashMap<>();
    /** For each user id: the objects whose statistics an agent state counts in (groups, their queues). */
    private final Map<String, Set<StatObject>> aggregates = new HashMap<>();
    private final Map<String, List<String>> queueMembers = new HashMap<>();

    /**
     * @param zone         where "today" starts at midnight
     * @param serviceLevel the service-level threshold: answered within it counts as in service level
     */
    public FloorStatistics(Directory directory, ZoneId zone, Duration serviceLevel) {
        this.directory = directory;
        this.zone = zone;
        this.serviceLevelMillis = serviceLevel.toMillis();
        for (AgentGroup group : directory.groups()) {
            for (String member : group.members()) {
                aggregates.computeIfAbsent(member, id -> new HashSet<>()).add(StatObject.group(group.name()));
            }
        }
        for (Dn dn : directory.dns()) {
            if (dn.type() == DnType.ACD_QUEUE && dn.agentGroup() != null) {
                List<String> members = directory.groups().stream().filter(g -> g.name().equals(dn.agentGroup()))
                        .flatMap(g -> g.members().stream()).sorted().toList();
                queueMembers.put(dn.number(), members);
                for (String member : members) {
                    aggregates.computeIfAbsent(member, id -> new HashSet<>()).add(StatObject.queue(dn.number()));
                }
            }
        }
    }

    /** Whether the directory has this object. */
    public boolean exists(StatObject object) {
        return switch (object.type()) {
            case AGENT -> directory.userByName(object.id()).isPresent();
            case AGENT_GROUP -> directory.groups().stream().anyMatch(g -> g.name().equals(object.id()));
            case QUEUE -> hasDn(object.id(), DnType.ACD_QUEUE);
            case ROUTE_POINT -> hasDn(object.id(), DnType.ROUTING_POINT);
        };
    }

    private boolean hasDn(String number, DnType type) {
        return directory.dns().stream().anyMatch(dn -> dn.type() == type && dn.number().equals(number));
    }

    /**
     * Takes one event of the switch of {@code environment} into account.
     *
     * @return the objects whose statistics may have changed
     */
    public Set<StatObject> apply(String environment, SwitchEvent event) {
        Set<StatObject> touched = new HashSet<>();
        if (event instanceof DeviceStateChanged changed) {
            deviceChanged(changed, touched);
        } else if (event instanceof CallStateChanged changed) {
            callChangedFor(environment, changed, touched);
        } else if (event instanceof CallChanged changed) {
            callChanged(environment, changed, touched);
        }
        return touched;
    }

    private void deviceChanged(DeviceStateChanged changed, Set<StatObject> touched) {
        User user = directory.userById(changed.userId()).orElse(null);
        if (user == null) {
            return;
        }
        AgentTally tally = agent(user.id(), changed.at());
        tally.state(changed.at(), changed.device().agentState(), changed.device().reason(), changed.device().agentStateSince(),
                changed.device().number());
        touchAgent(user, touched);
    }

    private void callChangedFor(String environment, CallStateChanged changed, Set<StatObject> touched) {
        CallView view = changed.call();
        if (view.queue() != null) {
            visit(view.id(), StatObject.queue(view.queue()), changed.at(), touched);
        }
        visitRoutePoint(environment, view.id(), view.dnis(), changed.at(), touched);
        User user = directory.userById(changed.userId()).orElse(null);
        if (user == null || view.monitoring() != null || view.callType() == CallType.CONSULT) {
            return;
        }
        AgentTally tally = agent(user.id(), changed.at());
        AgentTally.LiveCall call = tally.calls.computeIfAbsent(view.id(), id -> new AgentTally.LiveCall());
        switch (view.state()) {
            case RINGING -> call.offered = true;
            case ESTABLISHED, HELD -> {
                if (call.established == null) {
                    call.established = changed.at();
                }
            }
            case RELEASED -> {
                tally.calls.remove(view.id());
                if (call.established != null) {
                    tally.handled.add(changed.at(), Math.max(0, Duration.between(call.established, changed.at()).toMillis()));
                } else if (call.offered) {
                    tally.missed.add(changed.at(), 0);
                }
                touchAgent(user, touched);
            }
            default -> {
                // Dialing: nothing to count yet.
            }
        }
    }

    private void callChanged(String environment, CallChanged changed, Set<StatObject> touched) {
        CallSnapshot call = changed.call();
        Instant at = changed.at();
        if (call.waitingAt() != null) {
            visit(call.id(), StatObject.queue(call.waitingAt()), at, touched);
        }
        visitRoutePoint(environment, call.id(), call.dnis(), at, touched);
        Map<StatObject, Boolean> visited = visits.get(call.id());
        if (visited == null) {
            return;
        }
        if (answered(call)) {
            for (Map.Entry<StatObject, Boolean> point : visited.entrySet()) {
                if (!point.getValue()) {
                    point.setValue(true);
                    PointTally tally = point(point.getKey(), at);
                    Instant since = tally.waiting.remove(call.id());
                    tally.answered.add(at, since == null ? 0 : Math.max(0, Duration.between(since, at).toMillis()));
                    touched.add(point.getKey());
                }
            }
        }
        if (call.ended()) {
            visits.remove(call.id());
            for (Map.Entry<StatObject, Boolean> point : visited.entrySet()) {
                if (!point.getValue()) {
                    PointTally tally = point(point.getKey(), at);
                    tally.waiting.remove(call.id());
                    tally.abandoned.add(at, 0);
                    touched.add(point.getKey());
                }
            }
        }
    }

    /** Whether someone of the switch (not the caller, not a supervisor) has answered the call. */
    private static boolean answered(CallSnapshot call) {
        return call.parties().stream().anyMatch(p -> !p.external() && p.role() != PartyRole.SUPERVISOR && p.role() != PartyRole.ORIGINATOR
                && (p.state() == PartyState.ESTABLISHED || p.state() == PartyState.HELD));
    }

    private void visitRoutePoint(String environment, String callId, String dnis, Instant at, Set<StatObject> touched) {
        if (dnis != null && directory.dnByNumber(environment, dnis).filter(dn -> dn.type() == DnType.ROUTING_POINT).isPresent()) {
            visit(callId, StatObject.routePoint(dnis), at, touched);
        }
    }

    /** The call reached a queue or routing point: the first time, it is offered there and waits. */
    private void visit(String callId, StatObject point, Instant at, Set<StatObject> touched) {
        Map<StatObject, Boolean> visited = visits.computeIfAbsent(callId, id -> new LinkedHashMap<>());
        if (visited.putIfAbsent(point, false) == null) {
            PointTally tally = point(point, at);
            tally.offered.add(at, 0);
            tally.waiting.put(callId, at);
            touched.add(point);
        }
    }

    private void touchAgent(User user, Set<StatObject> touched) {
        touched.add(StatObject.agent(user.userName()));
        touched.addAll(aggregates.getOrDefault(user.id(), Set.of()));
    }

    private AgentTally agent(String userId, Instant now) {
        AgentTally tally = agents.computeIfAbsent(userId, id -> new AgentTally());
        tally.prune(now.minus(KEPT));
        return tally;
    }

    private PointTally point(StatObject object, Instant now) {
        PointTally tally = points.computeIfAbsent(object, o -> new PointTally());
        tally.prune(now.minus(KEPT));
        return tally;
    }

    /**
     * The value of a statistic now.
     *
     * @throws IllegalArgumentException when the statistic does not apply to the object's type
     */
    public StatValue value(StatObject object, StatName name, Interval interval, Instant now) {
        if (!name.appliesTo(object.type())) {
            throw new IllegalArgumentException(name.wireName() + " does not apply to " + object.type().wireName());
        }
        Instant from = interval.start(now, zone);
        return switch (name) {
            case CURRENT_AGENT_STATE -> agentOf(object.id()).map(AgentTally::status)
                    .orElse(new StatValue.AgentStatus(AgentState.LOGGED_OUT, null, null, null));
            case TOTAL_HANDLED_CALLS -> new StatValue.Count(sumAgents(object, tally -> tally.handled.count(from)));
            case TOTAL_MISSED_CALLS -> new StatValue.Count(sumAgents(object, tally -> tally.missed.count(from)));
            case AVERAGE_HANDLE_TIME -> new StatValue.Average(
                    sumAgents(object, tally -> tally.handled.sum(from) + tally.afterCallWork.sum(from)),
                    sumAgents(object, tally -> tally.handled.count(from)));
            case CURRENT_NUMBER_WAITING_CALLS -> new StatValue.Count(pointOf(object).map(p -> (long) p.waiting.size()).orElse(0L));
            case CURRENT_MAX_WAITING_TIME -> new StatValue.Oldest(pointOf(object).map(PointTally::oldest).orElse(null));
            case SERVICE_LEVEL -> pointOf(object).map(p -> new StatValue.Percent(p.answered.countWithin(from, serviceLevelMillis),
                    p.answered.count(from) + p.abandoned.count(from))).orElse(new StatValue.Percent(0, 0));
            case TOTAL_OFFERED_CALLS -> new StatValue.Count(pointOf(object).map(p -> p.offered.count(from)).orElse(0L));
            case TOTAL_ANSWERED_CALLS -> new StatValue.Count(pointOf(object).map(p -> p.answered.count(from)).orElse(0L));
            case TOTAL_ABANDONED_CALLS -> new StatValue.Count(pointOf(object).map(p -> p.abandoned.count(from)).orElse(0L));
            case AGENTS_BY_STATE -> agentsByState(object);
        };
    }

    /**
     * When the statistic's value next changes by time alone, with no event: today's counts at midnight, a sliding
     * window's when its oldest entry leaves it. Empty for the statistics that change with events only.
     */
    public Optional<Instant> changesAt(StatObject object, StatName name, Interval interval, Instant now) {
        if (!name.counted()) {
            return Optional.empty();
        }
        if (interval.isToday()) {
            return Optional.of(now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant());
        }
        Instant from = interval.start(now, zone);
        Duration window = Duration.ofMinutes(interval.minutes());
        List<Timeline> timelines = new ArrayList<>();
        if (object.type() == ObjectType.AGENT || object.type() == ObjectType.AGENT_GROUP) {
            for (AgentTally tally : agentsOf(object)) {
                timelines.add(tally.handled);
                timelines.add(tally.missed);
                timelines.add(tally.afterCallWork);
            }
        } else {
            pointOf(object).ifPresent(p -> timelines.addAll(List.of(p.offered, p.answered, p.abandoned)));
        }
        Instant next = null;
        for (Timeline timeline : timelines) {
            Instant oldest = timeline.oldestFrom(from).orElse(null);
            if (oldest != null && (next == null || oldest.isBefore(next))) {
                next = oldest;
            }
        }
        // Strictly after now: an entry exactly at the window's start leaves it a moment later.
        return Optional.ofNullable(next).map(oldest -> oldest.plus(window).plusMillis(1));
    }

    private StatValue agentsByState(StatObject object) {
        Map<AgentState, Integer> counts = new EnumMap<>(AgentState.class);
        for (AgentState state : AgentState.values()) {
            counts.put(state, 0);
        }
        for (String member : membersOf(object)) {
            AgentTally tally = agents.get(member);
            counts.merge(tally == null ? AgentState.LOGGED_OUT : tally.state, 1, Integer::sum);
        }
        return new StatValue.StateCounts(counts);
    }

    private List<String> membersOf(StatObject object) {
        return switch (object.type()) {
            case AGENT -> directory.userByName(object.id()).map(u -> List.of(u.id())).orElse(List.of());
            case AGENT_GROUP -> directory.groups().stream().filter(g -> g.name().equals(object.id()))
                    .flatMap(g -> g.members().stream()).sorted().toList();
            case QUEUE -> queueMembers.getOrDefault(object.id(), List.of());
            case ROUTE_POINT -> List.of();
        };
    }

    private List<AgentTally> agentsOf(StatObject object) {
        List<AgentTally> tallies = new ArrayList<>();
        for (String member : membersOf(object)) {
            AgentTally tally = agents.get(member);
            if (tally != null) {
                tallies.add(tally);
            }
        }
        return tallies;
    }

    private long sumAgents(StatObject object, java.util.function.ToLongFunction<AgentTally> of) {
        long sum = 0;
        for (AgentTally tally : agentsOf(object)) {
            sum += of.applyAsLong(tally);
        }
        return sum;
    }

    private Optional<AgentTally> agentOf(String userName) {
        return directory.userByName(userName).map(user -> agents.get(user.id()));
    }

    private Optional<PointTally> pointOf(StatObject object) {
        return Optional.ofNullable(points.get(object));
    }
}
