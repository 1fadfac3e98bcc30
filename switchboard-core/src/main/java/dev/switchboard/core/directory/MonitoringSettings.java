package dev.switchboard.core.directory;

import java.util.Objects;

/**
 * A voice environment's supervision options, named after T-Server's.
 *
 * @param monitorConsultCalls which consultation calls of a monitored agent are monitored
 * @param intrusionEnabled    whether BargeIn joins a call the agent is already on (T-Server {@code intrusion-enabled})
 * @param listenInIntrudes    whether ListenIn and Coach also join a call already in progress
 * @param agentNotification   when the monitored agent's call says a supervisor is on it ({@code supervisorListeningIn})
 */
public record MonitoringSettings(ConsultCalls monitorConsultCalls, boolean intrusionEnabled, boolean listenInIntrudes,
                                 AgentNotification agentNotification) {

    /** T-Server's defaults: consultation calls not monitored, intrusion on for BargeIn only; GWS's notification. */
    public static final MonitoringSettings DEFAULTS = new MonitoringSettings(ConsultCalls.NONE, true, false);

    /** Settings with GWS's agent notification ({@link AgentNotification#LISTEN}). */
    public MonitoringSettings(ConsultCalls monitorConsultCalls, boolean intrusionEnabled, boolean listenInIntrudes) {
        this(monitorConsultCalls, intrusionEnabled, listenInIntrudes, AgentNotification.LISTEN);
    }

    public MonitoringSettings {
        Objects.requireNonNull(monitorConsultCalls, "monitorConsultCalls");
        Objects.requireNonNull(agentNotification, "agentNotification");
    }

    /**
     * When a monitored agent is told that a supervisor is on their call: the agent's call's
     * {@code supervisorListeningIn} (a BargeIn supervisor is a party of the call, which the agent sees either way).
     * The rule itself is {@code MonitoringPolicy.tellsAgent}.
     */
    public enum AgentNotification {
        /** Never: monitoring is silent in every way. */
        OFF("off"),
        /** While the supervisor listens in or coaches: what GWS shows (its recorded samples). */
        LISTEN("listen"),
        /** Only while the agent can hear the supervisor: Coach and BargeIn; a silent ListenIn stays silent. */
        COACH_BARGE("coach+barge"),
        /** Whatever the way: ListenIn, Coach and BargeIn. */
        ALWAYS("always");

        private final String configName;

        AgentNotification(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static AgentNotification fromConfigName(String name) {
            for (AgentNotification value : values()) {
                if (value.configName.equals(name)) {
                    return value;
                }
            }
            return null;
        }
    }

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
