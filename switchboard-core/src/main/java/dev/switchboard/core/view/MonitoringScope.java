package dev.switchboard.core.view;

/** How far the supervisor follows a monitored call (GWS {@code supervisorMonitoringScope}). */
public enum MonitoringScope {
    /** Only while the monitored agent is on the call: the supervisor leaves with the agent. */
    AGENT("Agent"),
    /** The whole call, across transfers, until it ends. */
    CALL("Call");

    private final String wireName;

    MonitoringScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MonitoringScope fromWireName(String name) {
        for (MonitoringScope scope : values()) {
            if (scope.wireName.equals(name)) {
                return scope;
            }
        }
        return null;
    }
}
