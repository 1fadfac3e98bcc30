package dev.switchboard.server.stats;

import java.util.Optional;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.User;

/**
 * Whose statistics a user may see, as monitoring decides whom a supervisor may supervise: an administrator sees
 * everything; a supervisor the agents and groups they supervise, the queues of those groups and the routing points that
 * route to them; everyone their own agent statistics.
 */
public final class StatisticsAccess {
    /** How many routing points a chain may pass before it is taken for a loop. */
    private static final int MAX_ROUTES = 8;

    private final Directory directory;

    public StatisticsAccess(Directory directory) {
        this.directory = directory;
    }

    /** Whether {@code user} may see the statistics of {@code object} (which must exist). */
    public boolean maySee(User user, StatObject object) {
        if (user.isAdmin()) {
            return true;
        }
        return switch (object.type()) {
            case AGENT -> user.userName().equals(object.id())
                    || user.isSupervisor() && directory.userByName(object.id())
                            .filter(agent -> directory.supervises(user, agent)).isPresent();
            case AGENT_GROUP -> user.isSupervisor() && supervisesGroup(user, object.id());
            case QUEUE -> user.isSupervisor() && queueGroup(object.id()).filter(group -> supervisesGroup(user, group)).isPresent();
            case ROUTE_POINT -> user.isSupervisor() && routedQueue(object.id()).flatMap(this::queueGroup)
                    .filter(group -> supervisesGroup(user, group)).isPresent();
        };
    }

    private boolean supervisesGroup(User user, String group) {
        return directory.groups().stream().filter(g -> g.name().equals(group)).map(AgentGroup::supervisors)
                .anyMatch(supervisors -> supervisors.contains(user.id()));
    }

    private Optional<Dn> dn(String number, DnType type) {
        return directory.dns().stream().filter(dn -> dn.type() == type && dn.number().equals(number)).findFirst();
    }

    private Optional<String> queueGroup(String queue) {
        return dn(queue, DnType.ACD_QUEUE).map(Dn::agentGroup);
    }

    /** The queue a routing point's chain of routes ends at. */
    private Optional<String> routedQueue(String routePoint) {
        Dn current = dn(routePoint, DnType.ROUTING_POINT).orElse(null);
        for (int i = 0; current != null && i < MAX_ROUTES; i++) {
            if (current.type() == DnType.ACD_QUEUE) {
                return Optional.of(current.number());
            }
            if (current.routeTo() == null) {
                return Optional.empty();
            }
            current = directory.dnByNumber(current.environment(), current.routeTo()).orElse(null);
        }
        return Optional.empty();
    }
}
