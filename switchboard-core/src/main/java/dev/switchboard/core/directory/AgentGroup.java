package dev.switchboard.core.directory;

import java.util.Set;

/**
 * A group of agents with the supervisors who supervise it.
 *
 * @param members         user ids of the members
 * @param supervisors     user ids of the supervisors
 * @param wrapUpSeconds   after-call work after an ACD call (0 = none)
 */
public record AgentGroup(String name, Set<String> members, Set<String> supervisors, int wrapUpSeconds) {

    public AgentGroup {
        members = Set.copyOf(members);
        supervisors = Set.copyOf(supervisors);
    }
}
