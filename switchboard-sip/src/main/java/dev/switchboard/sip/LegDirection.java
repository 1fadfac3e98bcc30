package dev.switchboard.sip;

/** Who sent the INVITE that created the leg, and from where. */
public enum LegDirection {
    /** A registered phone called us (digest-authenticated). */
    INBOUND_PHONE,
    /** A trunk peer called us (source address listed in the trunks). */
    INBOUND_TRUNK,
    /** We called a registered phone. */
    OUTBOUND_PHONE,
    /** We called out through a trunk. */
    OUTBOUND_TRUNK;

    public boolean isInbound() {
        return this == INBOUND_PHONE || this == INBOUND_TRUNK;
    }
}
