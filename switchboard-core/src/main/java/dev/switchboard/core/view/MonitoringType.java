package dev.switchboard.core.view;

/**
 * How a supervisor takes part in a monitored call (GWS {@code supervisorMonitoringState.state}). Who hears whom:
 * ListenIn — the supervisor hears everyone, nobody hears the supervisor; Coach — the monitored agent also hears the
 * supervisor; BargeIn — everyone hears everyone.
 */
public enum MonitoringType {
    LISTEN_IN("ListenIn"),
    COACH("Coach"),
    BARGE_IN("BargeIn");

    private final String wireName;

    MonitoringType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MonitoringType fromWireName(String name) {
        for (MonitoringType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** SwitchToListenIn: from Coach or BargeIn. From Coach there is no way back to Coach, as in GWS. */
    public MonitoringType onSwitchToListenIn() {
        if (this == LISTEN_IN) {
            throw new IllegalStateException("Already listening in");
        }
        return LISTEN_IN;
    }

    /** SwitchToBargeIn: from ListenIn or Coach. */
    public MonitoringType onSwitchToBargeIn() {
        if (this == BARGE_IN) {
            throw new IllegalStateException("Already barged in");
        }
        return BARGE_IN;
    }
}
