package dev.switchboard.server.stats;

import java.util.Objects;

/**
 * An object statistics are about: its type and its id (an agent's user name, a group's name, a queue's or routing
 * point's DN).
 */
public record StatObject(ObjectType type, String id) {
    public StatObject {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static StatObject agent(String userName) {
        return new StatObject(ObjectType.AGENT, userName);
    }

    public static StatObject group(String name) {
        return new StatObject(ObjectType.AGENT_GROUP, name);
    }

    public static StatObject queue(String number) {
        return new StatObject(ObjectType.QUEUE, number);
    }

    public static StatObject routePoint(String number) {
        return new StatObject(ObjectType.ROUTE_POINT, number);
    }
}
