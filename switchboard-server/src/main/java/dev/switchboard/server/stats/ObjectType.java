package dev.switchboard.server.stats;

/** The kinds of objects statistics are about, named as Genesys's Statistics API names them ({@code objectType}). */
public enum ObjectType {
    /** An agent; its {@code objectId} is the user name. */
    AGENT("Agent"),
    /** An agent group; its {@code objectId} is the group's name. */
    AGENT_GROUP("AgentGroup"),
    /** An ACD queue; its {@code objectId} is the DN. */
    QUEUE("Queue"),
    /** A routing point; its {@code objectId} is the DN. */
    ROUTE_POINT("RoutePoint");

    private final String wireName;

    ObjectType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code objectType} on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, or {@code null}. */
    public static ObjectType fromWireName(String name) {
        for (ObjectType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
