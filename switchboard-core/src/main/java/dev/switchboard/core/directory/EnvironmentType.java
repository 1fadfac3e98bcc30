package dev.switchboard.core.directory;

/** The switch flavour a voice environment emulates; it decides which monitoring limits apply. */
public enum EnvironmentType {
    SIP_SERVER("SipServer"),
    SIP_CLUSTER("SipCluster");

    private final String configName;

    EnvironmentType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static EnvironmentType fromConfigName(String name) {
        for (EnvironmentType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        return null;
    }
}
