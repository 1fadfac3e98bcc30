package dev.switchboard.core.directory;

/** The kinds of directory numbers a switch owns, named as in Genesys configuration. */
public enum DnType {
    EXTENSION("Extension"),
    ACD_POSITION("ACDPosition"),
    ROUTING_POINT("RoutingPoint"),
    ACD_QUEUE("ACDQueue");

    private final String configName;

    DnType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Whether an agent can log in on a DN of this type (a place's device). */
    public boolean isAgentDevice() {
        return this == EXTENSION || this == ACD_POSITION;
    }

    public static DnType fromConfigName(String name) {
        for (DnType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
