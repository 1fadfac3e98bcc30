package dev.switchboard.server.stats;

import java.util.EnumSet;
import java.util.Set;

/**
 * The predefined statistics, by their {@code name} on the wire, with the object types each applies to and whether it
 * counts over an {@link Interval} (the others are the current state of things).
 */
public enum StatName {
    /** An agent's state, reason and since when. */
    CURRENT_AGENT_STATE("CurrentAgentState", false, ObjectType.AGENT),
    /** Calls answered (or connected) and then ended. */
    TOTAL_HANDLED_CALLS("TotalHandledCalls", true, ObjectType.AGENT, ObjectType.AGENT_GROUP),
    /** Calls offered (ringing) and ended there without being answered. */
    TOTAL_MISSED_CALLS("TotalMissedCalls", true, ObjectType.AGENT, ObjectType.AGENT_GROUP),
    /** (Talk and hold time of handled calls + after-call work) / handled calls. */
    AVERAGE_HANDLE_TIME("AverageHandleTime", true, ObjectType.AGENT, ObjectType.AGENT_GROUP),
    /** Calls that reached the queue or routing point and are not answered yet (waiting or ringing at an agent). */
    CURRENT_NUMBER_WAITING_CALLS("CurrentNumberWaitingCalls", false, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** Since when the call that has waited longest waits. */
    CURRENT_MAX_WAITING_TIME("CurrentMaxWaitingTime", false, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** The share of calls answered within the configured threshold, of those answered or abandoned. */
    SERVICE_LEVEL("ServiceLevel", true, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** Calls that reached the queue or routing point. */
    TOTAL_OFFERED_CALLS("TotalOfferedCalls", true, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** Calls answered by an agent after reaching the queue or routing point. */
    TOTAL_ANSWERED_CALLS("TotalAnsweredCalls", true, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** Calls that ended unanswered after reaching the queue or routing point. */
    TOTAL_ABANDONED_CALLS("TotalAbandonedCalls", true, ObjectType.QUEUE, ObjectType.ROUTE_POINT),
    /** How many of the agents (of the group, or of the queue's group) are in each agent state. */
    AGENTS_BY_STATE("AgentsByState", false, ObjectType.AGENT_GROUP, ObjectType.QUEUE);

    private final String wireName;
    private final boolean counted;
    private final Set<ObjectType> objectTypes;

    StatName(String wireName, boolean counted, ObjectType first, ObjectType... rest) {
        this.wireName = wireName;
        this.counted = counted;
        this.objectTypes = EnumSet.of(first, rest);
    }

    /** The {@code name} on the wire. */
    public String wireName() {
        return wireName;
    }

    /** Whether it counts over an interval (today, the last N minutes). */
    public boolean counted() {
        return counted;
    }

    /** Whether it applies to objects of this type. */
    public boolean appliesTo(ObjectType type) {
        return objectTypes.contains(type);
    }

    /** The statistic with this wire name, or {@code null}. */
    public static StatName fromWireName(String name) {
        for (StatName statName : values()) {
            if (statName.wireName.equals(name)) {
                return statName;
            }
        }
        return null;
    }
}
