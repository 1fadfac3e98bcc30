package dev.switchboard.core.directory;

/**
 * A voice environment's supervision options, named after T-Server's.
 *
 * @param monitorConsultCalls which consultation calls of a monitored agent are monitored
 * @param intrusionEnabled    whether BargeIn joins a call the agent is already on (T-Server {@code intrusion-enabled})
 * @param listenInIntrudes    whether ListenIn and Coach also join a call already in progress
 */
public record MonitoringSettings(ConsultCalls monitorConsultCalls, boolean intrusionEnabled, boolean listenInIntrudes) {

    /** T-Server's defaults: consultation calls not monitored, intrusion on for BargeIn only. */
    public static final MonitoringSettings DEFAULTS = new MonitoringSettings(ConsultCalls.NONE, true, false);

    /** T-Server's {@code monitor-consult-calls}. */
    public enum ConsultCalls {
        NONE("none"),
        /** Consultations the monitored agent receives. */
        DEST("dest"),
        /** Consultations the monitored agent makes. */
        ORIG("orig"),
        ALL("all");

        private final String configName;

        ConsultCalls(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static ConsultCalls fromConfigName(String name) {
            for (ConsultCalls value : values()) {
                if (value.configName.equals(name)) {
                    return value;
                }
            }
            return null;
        }
    }
}
