package dev.switchboard.core.view;

/** For how many calls a subscription lasts (GWS {@code supervisorMonitoringMode}). */
public enum MonitoringMode {
    /** Only the next monitored call: the subscription ends when that call ends for the supervisor. */
    NEXT_CALL("NextCall"),
    /** Every call until cancelled or until either side logs out. */
    ALL_CALLS("AllCalls");

    private final String wireName;

    MonitoringMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static MonitoringMode fromWireName(String name) {
        for (MonitoringMode mode : values()) {
            if (mode.wireName.equals(name)) {
                return mode;
            }
        }
        return null;
    }
}
