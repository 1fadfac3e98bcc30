package dev.switchboard.core.view;

/** The GWS {@code callType} of a call as one device sees it. */
public enum CallType {
    INTERNAL("Internal"),
    INBOUND("Inbound"),
    OUTBOUND("Outbound"),
    CONSULT("Consult");

    private final String wireName;

    CallType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
