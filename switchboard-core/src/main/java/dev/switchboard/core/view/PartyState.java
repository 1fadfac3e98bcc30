package dev.switchboard.core.view;

/**
 * The state of one party (one device's or one external number's leg) in a call, named as GWS names call states.
 * Transitions are named after the events that cause them; an illegal one throws {@link IllegalStateException}, so
 * the switch checks capabilities first and turns a refusal into a value.
 */
public enum PartyState {
    /** The party placed the call and hears ringback. */
    DIALING("Dialing"),
    /** The call is offered to the party. */
    RINGING("Ringing"),
    ESTABLISHED("Established"),
    HELD("Held"),
    RELEASED("Released");

    private final String wireName;

    PartyState(String wireName) {
        this.wireName = wireName;
    }

    /** The GWS call {@code state}. */
    public String wireName() {
        return wireName;
    }

    public boolean isActive() {
        return this != RELEASED;
    }

    /** Dialing (the other side answered) or ringing (this side answered) becomes established. */
    public PartyState onAnswered() {
        if (this != DIALING && this != RINGING) {
            throw new IllegalStateException("Cannot answer in " + this);
        }
        return ESTABLISHED;
    }

    public PartyState onHeld() {
        if (this != ESTABLISHED) {
            throw new IllegalStateException("Cannot hold in " + this);
        }
        return HELD;
    }

    public PartyState onRetrieved() {
        if (this != HELD) {
            throw new IllegalStateException("Cannot retrieve in " + this);
        }
        return ESTABLISHED;
    }

    /** Any active party may be released; a released one stays released. */
    public PartyState onReleased() {
        return RELEASED;
    }
}
