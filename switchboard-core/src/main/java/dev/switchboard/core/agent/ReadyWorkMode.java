package dev.switchboard.core.agent;

/** The optional work mode of a Ready request ({@code workmode} in GWS). */
public enum ReadyWorkMode {
    MANUAL_IN("ManualIn"),
    AUTO_IN("AutoIn");

    private final String wireName;

    ReadyWorkMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ReadyWorkMode fromWireName(String name) {
        for (ReadyWorkMode mode : values()) {
            if (mode.wireName.equals(name)) {
                return mode;
            }
        }
        return null;
    }
}
