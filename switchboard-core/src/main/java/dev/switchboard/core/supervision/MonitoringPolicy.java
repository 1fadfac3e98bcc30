package dev.switchboard.core.supervision;

import java.util.List;
import java.util.Optional;

import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.core.view.MonitoringScope;
import dev.switchboard.core.view.MonitoringType;

/**
 * Who may monitor whom: the one place that answers "may this supervisor monitor this target now, and if not, why". A
 * pure function of the directory and the published device views, used for the request (by the API before it audits,
 * and again by the switch when it applies it), for the supervisor device's capabilities, and when a {@code Call}-scope
 * monitor follows its call to another agent.
 *
 * <p>The checks, in the order a refusal names the first that fails:
 * <ol>
 *   <li>authorization ({@link Stage#AUTHORIZATION}): the supervisor role, features {@code api-voice} and
 *       {@code api-supervisor-monitoring}; not one's own device; a device of agents the supervisor supervises, or a
 *       routing point or queue that distributes to a group the supervisor supervises;</li>
 *   <li>the switch's state now ({@link Stage#STATE}): the supervisor is logged in on their device; in a SIP Cluster a
 *       routing point or queue is monitored with
 *       ListenIn and scope Call only; one supervisor per device.</li>
 * </ol>
 */
public final class MonitoringPolicy {
    private static final int MAX_ROUTING_HOPS = 16;

    private MonitoringPolicy() {
    }

    /** Which part of the policy refused. The API audits a request only once it passed authorization. */
    public enum Stage {
        AUTHORIZATION,
        STATE
    }

    /** A refusal: the stage, the reason (a GWS statusCode through the API) and the message for the client. */
    public record Denial(Stage stage, Refusal reason, String message) {
    }

    /**
     * What is asked.
     *
     * @param supervisorDevice the device the supervisor monitors from, as published
     * @param target           the monitored number: an agent device, a routing point or an ACD queue
     * @param targetDevice     the target's device as published, or {@code null} for a routing point or queue
     */
    public record Ask(User supervisor, DeviceView supervisorDevice, Dn target, DeviceView targetDevice, MonitoringType type,
                      MonitoringScope scope) {
    }

    /** The first check {@code ask} fails, or empty when the supervisor may monitor the target now. */
    public static Optional<Denial> check(Directory directory, VoiceEnvironment environment, Ask ask) {
        Optional<Denial> denial = authorize(directory, ask);
        return denial.isPresent() ? denial : admit(environment, ask);
    }

    /** The role and features that monitoring needs, whatever the target. */
    public static Optional<Denial> mayMonitorAtAll(User supervisor) {
        if (!supervisor.hasRole(Role.SUPERVISOR)) {
            return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED, "User '" + supervisor.userName() + "' has no supervisor role");
        }
        if (!supervisor.hasFeature(Feature.VOICE)) {
            return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED,
                    "User '" + supervisor.userName() + "' lacks feature " + Feature.VOICE);
        }
        if (!supervisor.hasFeature(Feature.SUPERVISOR_MONITORING)) {
            return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED,
                    "User '" + supervisor.userName() + "' lacks feature " + Feature.SUPERVISOR_MONITORING);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code user} monitors from {@code device} at all (it offers them CancelSupervisorMonitoring while it
     * monitors): a supervisor with the monitoring feature, logged in on it.
     */
    public static boolean monitorsFrom(User user, DeviceView device) {
        return user.isSupervisor() && user.hasFeature(Feature.SUPERVISOR_MONITORING) && user.id().equals(device.userId());
    }

    /**
     * Whether the device offers {@code user} the monitoring requests (ListenIn, Coach, BargeIn) in its capabilities: they
     * monitor from it, and it is not monitored by another supervisor (one per device). A new request replaces the
     * user's own subscription, so they stay offered while monitoring.
     */
    public static boolean offersMonitoring(User user, DeviceView device) {
        boolean monitoredByAnother = device.monitoredBy() != null && !device.monitoredBy().equals(user.id());
        return monitorsFrom(user, device) && !monitoredByAnother;
    }

    /** Whether {@code supervisor} may keep monitoring {@code agent} (a Call-scope monitor following its call). */
    public static boolean maySupervise(Directory directory, User supervisor, User agent) {
        return directory.supervises(supervisor, agent);
    }

    private static Optional<Denial> authorize(Directory directory, Ask ask) {
        Optional<Denial> atAll = mayMonitorAtAll(ask.supervisor());
        if (atAll.isPresent()) {
            return atAll;
        }
        User supervisor = ask.supervisor();
        DeviceView device = ask.targetDevice();
        if (device != null) {
            List<User> agents = agentsOf(directory, device);
            if (device.id().equals(ask.supervisorDevice().id()) || agents.stream().anyMatch(a -> a.id().equals(supervisor.id()))) {
                return denied(Stage.AUTHORIZATION, Refusal.INVALID_PARAMETER, "A supervisor cannot monitor their own device");
            }
            if (agents.isEmpty()) {
                return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED, "Device " + device.number()
                        + " belongs to no agent that user '" + supervisor.userName() + "' supervises");
            }
            for (User agent : agents) {
                if (!maySupervise(directory, supervisor, agent)) {
                    return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED, "User '" + supervisor.userName()
                            + "' does not supervise a group of agent '" + agent.userName() + "' (device " + device.number() + ")");
                }
            }
            return Optional.empty();
        }
        String group = distributesTo(directory, ask.target());
        boolean supervised = group != null && directory.groups().stream()
                .anyMatch(g -> g.name().equals(group) && g.supervisors().contains(supervisor.id()));
        if (!supervised) {
            String kind = ask.target().type() == DnType.ROUTING_POINT ? "Routing point " : "Queue ";
            return denied(Stage.AUTHORIZATION, Refusal.NOT_PERMITTED, kind + ask.target().number()
                    + " does not distribute to an agent group that user '" + supervisor.userName() + "' supervises");
        }
        return Optional.empty();
    }

    private static Optional<Denial> admit(VoiceEnvironment environment, Ask ask) {
        if (!ask.supervisor().id().equals(ask.supervisorDevice().userId())) {
            return denied(Stage.STATE, Refusal.NOT_IN_CAPABILITIES, "Start a contact center session before monitoring");
        }
        if (ask.targetDevice() == null && environment.type() == EnvironmentType.SIP_CLUSTER) {
            if (ask.type() != MonitoringType.LISTEN_IN) {
                return denied(Stage.STATE, Refusal.INVALID_PARAMETER,
                        "In a SIP Cluster a routing point or queue is monitored with ListenIn only");
            }
            if (ask.scope() != MonitoringScope.CALL) {
                return denied(Stage.STATE, Refusal.INVALID_PARAMETER,
                        "In a SIP Cluster a routing point or queue is monitored with scope Call only");
            }
        }
        DeviceView target = ask.targetDevice();
        if (target != null && target.monitoredBy() != null && !target.monitoredBy().equals(ask.supervisor().id())) {
            return denied(Stage.STATE, Refusal.NOT_IN_CAPABILITIES,
                    "Device " + target.number() + " is already monitored by another supervisor");
        }
        return Optional.empty();
    }

    /** The agents of a device: the user it is assigned to, or without a session every user whose default place holds it. */
    private static List<User> agentsOf(Directory directory, DeviceView device) {
        if (device.userId() != null) {
            return directory.userById(device.userId()).map(List::of).orElse(List.of());
        }
        String place = device.dn().place();
        if (place == null) {
            return List.of();
        }
        return directory.users().stream().filter(u -> place.equals(u.defaultPlace())).toList();
    }

    /** The agent group a queue distributes to, or a routing point through the routing points and queue it routes to. */
    private static String distributesTo(Directory directory, Dn dn) {
        Dn current = dn;
        for (int hop = 0; hop < MAX_ROUTING_HOPS && current != null; hop++) {
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

    private static Optional<Denial> denied(Stage stage, Refusal reason, String message) {
        return Optional.of(new Denial(stage, reason, message));
    }

    /**
     * Whether a monitored agent is told (their call's {@code supervisorListeningIn}) of a supervisor on their call
     * {@code way}, under the environment's {@code agentNotification}: the one place this is decided.
     */
    public static boolean tellsAgent(MonitoringSettings.AgentNotification notification, MonitoringType way) {
        return switch (notification) {
            case OFF -> false;
            case LISTEN -> way != MonitoringType.BARGE_IN;
            case COACH_BARGE -> way != MonitoringType.LISTEN_IN;
            case ALWAYS -> true;
        };
    }
}
