package dev.switchboard.sip;

/** Where a leg's INVITE dialog stands. */
public enum LegState {
    /** Inbound: INVITE received, not answered yet. */
    OFFERED,
    /** Outbound: INVITE sent, no provisional answer yet. */
    CALLING,
    /** Ringing: 180 sent (inbound) or received (outbound). */
    RINGING,
    /** 2xx sent or received: the dialog is up (until ACKed, our 2xx is retransmitted). */
    CONNECTED,
    /** Over: released or failed. Terminal. */
    ENDED;

    public boolean isEarly() {
        return this == OFFERED || this == CALLING || this == RINGING;
    }
}
