package dev.switchboard.server.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringView;

/**
 * What a supervisor's floor shows, as JSON maps, read from the views the switches publish (never from the switch
 * thread): one row per agent, one entry per live call, the monitoring subscriptions; and who may see which of them
 * (a supervisor: the agents of the groups they supervise and the calls of those agents and of the queues and routing
 * points that distribute to those groups, as {@code MonitoringPolicy} decides for monitoring; an administrator: all).
 */
final class FloorView {
    private final ContactCenter contactCenter;
    private final Directory directory;
    private final FloorTimes times;

    FloorView(ContactCenter contactCenter, FloorTimes times) {
        this.contactCenter = contactCenter;
        this.directory = contactCenter.directory();
        this.times = times;
    }

    /** Whether {@code viewer} has a floor at all: supervisors and administrators. */
    static boolean hasFloor(User viewer) {
        return viewer.isAdmin() || viewer.isSupervisor();
    }

    /** The agents {@code viewer} sees on the floor, in directory order. */
    List<User> agentsOf(User viewer) {
        if (viewer.isAdmin()) {
            return directory.users().stream().filter(u -> u.hasRole(Role.AGENT)).toList();
        }
        return viewer.isSupervisor() ? directory.supervisedBy(viewer) : List.of();
    }

    /** Whether {@code viewer} sees {@code agent}'s row. */
    boolean sees(User viewer, User agent) {
        return viewer.isAdmin() || viewer.isSupervisor() && directory.supervises(viewer, agent);
    }

    /** The agent's row: identity, state, reason, since, the device's calls with their times, who monitors it. */
    Map<String, Object> agentRow(User agent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", agent.id());
        row.put("userName", agent.userName());
        row.put("name", ((agent.firstName() == null ? "" : agent.firstName()) + " "
                + (agent.lastName() == null ? "" : agent.lastName())).trim());
        row.put("groups", directory.groupsOf(agent).stream().map(AgentGroup::name).toList());
        DeviceView device = deviceOf(agent).orElse(null);
        AgentState state = device == null || !agent.id().equals(device.userId()) ? AgentState.LOGGED_OUT : device.agentState();
        row.put("state", stateName(state));
        row.put("reason", state == AgentState.LOGGED_OUT ? null : device.reason());
        row.put("since", state == AgentState.LOGGED_OUT || device.agentStateSince() == null ? null
                : device.agentStateSince().toEpochMilli());
        row.put("dn", device == null ? null : device.number());
        row.put("deviceId", device == null ? null : device.id());
        row.put("dnd", device != null && device.doNotDisturb());
        row.put("forwardTo", device == null ? null : device.forwardTo());
        row.put("monitoredBy", device == null || device.monitoredBy() == null ? null : userName(device.monitoredBy()));
        List<Map<String, Object>> calls = new ArrayList<>();
        if (state != AgentState.LOGGED_OUT) {
            for (CallView call : contactCenter.callsOf(agent)) {
                if (call.monitoring() == null) {
                    calls.add(deviceCall(call));
                }
            }
        }
        row.put("calls", calls);
        return row;
    }

    private Map<String, Object> deviceCall(CallView call) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", call.id());
        json.put("state", call.state().wireName());
        json.put("type", call.callType().wireName());
        json.put("number", call.participants().isEmpty() ? call.ani() : call.participants().get(0));
        json.put("queue", call.queue());
        json.put("conference", call.conference());
        json.put("supervisorListeningIn", call.supervisorListeningIn());
        FloorTimes.Times known = times.of(call.deviceId(), call.id());
        json.put("since", millis(known == null ? call.created() : known.since()));
        json.put("answeredAt", known == null ? null : millis(known.answeredAt()));
        json.put("heldSince", known == null ? null : millis(known.heldSince()));
        return json;
    }

    /** A live call as the switch sees it, with the agents on it, the queue it waits in and when it began. */
    Map<String, Object> call(String environment, CallSnapshot call, Instant startedAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", call.id());
        json.put("ani", call.ani());
        json.put("dnis", call.dnis());
        json.put("waitingAt", call.waitingAt());
        json.put("startedAt", millis(startedAt));
        List<Map<String, Object>> parties = new ArrayList<>();
        for (CallSnapshot.Party party : call.parties()) {
            if (!party.state().isActive()) {
                continue;
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("number", party.number());
            p.put("role", party.role().name());
            p.put("state", party.state().wireName());
            p.put("external", party.external());
            userOfNumber(environment, party.number()).ifPresent(user -> p.put("userName", user.userName()));
            parties.add(p);
        }
        json.put("parties", parties);
        return json;
    }

    /** Whether {@code viewer} sees this call: an administrator; a supervisor when an agent of theirs or a queue of theirs is on it. */
    boolean sees(User viewer, String environment, CallSnapshot call) {
        if (viewer.isAdmin()) {
            return true;
        }
        if (!viewer.isSupervisor()) {
            return false;
        }
        if (call.waitingAt() != null && supervisesPoint(viewer, environment, call.waitingAt())) {
            return true;
        }
        if (supervisesPoint(viewer, environment, call.dnis())) {
            return true;
        }
        for (CallSnapshot.Party party : call.parties()) {
            Optional<User> user = userOfNumber(environment, party.number());
            if (party.state().isActive() && user.isPresent() && directory.supervises(viewer, user.get())) {
                return true;
            }
        }
        return false;
    }

    /** The routing points and queues {@code viewer} sees: those that distribute to a group they supervise (all for admins). */
    List<Map<String, Object>> points(User viewer) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Dn dn : directory.dns()) {
            if ((dn.type() == DnType.ACD_QUEUE || dn.type() == DnType.ROUTING_POINT)
                    && (viewer.isAdmin() || supervisesPoint(viewer, dn.environment(), dn.number()))) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("number", dn.number());
                json.put("type", dn.type() == DnType.ACD_QUEUE ? "Queue" : "RoutePoint");
                json.put("environment", dn.environment());
                json.put("group", distributesTo(dn));
                result.add(json);
            }
        }
        return result;
    }

    /** The active subscriptions {@code viewer} sees: their own, and those on agents they see. */
    List<Map<String, Object>> subscriptions(User viewer) {
        List<Map<String, Object>> result = new ArrayList<>();
        contactCenter.subscriptions().forEach((supervisorDeviceId, view) -> {
            boolean own = viewer.id().equals(view.supervisorUserId());
            boolean onTheirs = view.targetDeviceId() != null && contactCenter.device(view.targetDeviceId())
                    .map(DeviceView::userId).flatMap(directory::userById).map(agent -> sees(viewer, agent)).orElse(false);
            if (viewer.isAdmin() || own || onTheirs) {
                result.add(subscription(supervisorDeviceId, view));
            }
        });
        return result;
    }

    private Map<String, Object> subscription(String supervisorDeviceId, MonitoringView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("supervisor", userName(view.supervisorUserId()));
        json.put("supervisorDeviceId", supervisorDeviceId);
        json.put("state", view.type().wireName());
        json.put("mode", view.mode().wireName());
        json.put("scope", view.scope().wireName());
        json.put("phoneNumber", view.targetNumber());
        json.put("createdAt", millis(view.created()));
        return json;
    }

    private boolean supervisesPoint(User viewer, String environment, String number) {
        if (number == null) {
            return false;
        }
        Dn dn = directory.dnByNumber(environment, number).orElse(null);
        String group = dn == null ? null : distributesTo(dn);
        return group != null && directory.groups().stream()
                .anyMatch(g -> g.name().equals(group) && g.supervisors().contains(viewer.id()));
    }

    /** The agent group a queue distributes to, or a routing point through the points it routes to (as MonitoringPolicy). */
    private String distributesTo(Dn dn) {
        Dn current = dn;
        for (int hop = 0; hop < 16 && current != null; hop++) {
            if (current.type() == DnType.ACD_QUEUE) {
                return current.agentGroup();
            }
            if (current.type() != DnType.ROUTING_POINT || current.routeTo() == null) {
                return null;
            }
            current = directory.dnByNumber(current.environment(), current.routeTo()).orElse(null);
        }
        return null;
    }

    /** The device an agent's row shows: the logged-in one of their devices, else their first. */
    Optional<DeviceView> deviceOf(User agent) {
        List<DeviceView> devices = contactCenter.devicesOf(agent);
        return devices.stream().filter(d -> agent.id().equals(d.userId()) && d.agentState().isLoggedIn()).findFirst()
                .or(() -> devices.stream().findFirst());
    }

    /** The user whose session holds the device numbered {@code number}, if any. */
    Optional<User> userOfNumber(String environment, String number) {
        return directory.dnByNumber(environment, number).flatMap(dn -> contactCenter.device(dn.id()))
                .map(DeviceView::userId).flatMap(directory::userById);
    }

    private String userName(String userId) {
        return directory.userById(userId).map(User::userName).orElse(userId);
    }

    /** The statistics API's names of the states, which the console also uses for its own. */
    static String stateName(AgentState state) {
        return switch (state) {
            case LOGGED_OUT -> "LoggedOut";
            case NOT_READY -> "NotReady";
            case READY -> "Ready";
            case AFTER_CALL_WORK -> "AfterCallWork";
            case AUX_WORK -> "AuxWork";
        };
    }

    private static Long millis(Instant at) {
        return at == null ? null : at.toEpochMilli();
    }
}
