package dev.switchboard.core.agent;

/**
 * An agent's state on a device, as the switch knows it. Transitions are named after the events that cause them;
 * a transition that is not legal from the current state throws {@link IllegalStateException}, so callers check
 * {@link #isLoggedIn()} first and turn the refusal into a value.
 */
public enum AgentState {
    LOGGED_OUT,
    NOT_READY,
    READY,
    AFTER_CALL_WORK,
    AUX_WORK;

    public boolean isLoggedIn() {
        return this != LOGGED_OUT;
    }

    /** The agent logged in on the device: agents start NotReady, as in GWS. */
    public AgentState onLogin() {
        if (this != LOGGED_OUT) {
            throw new IllegalStateException("Already logged in: " + this);
        }
        return NOT_READY;
    }

    public AgentState onLogout() {
        requireLoggedIn();
        return LOGGED_OUT;
    }

    public AgentState onReady() {
        requireLoggedIn();
        return READY;
    }

    public AgentState onNotReady() {
        requireLoggedIn();
        return NOT_READY;
    }

    public AgentState onAfterCallWork() {
        requireLoggedIn();
        return AFTER_CALL_WORK;
    }

    public AgentState onAuxWork() {
        requireLoggedIn();
        return AUX_WORK;
    }

    /** The wrap-up timer of after-call work ran out: the agent is offered calls again. */
    public AgentState onWrapUpElapsed() {
        if (this != AFTER_CALL_WORK) {
            throw new IllegalStateException("Not in after-call work: " + this);
        }
        return READY;
    }

    private void requireLoggedIn() {
        if (this == LOGGED_OUT) {
            throw new IllegalStateException("Not logged in");
        }
    }
}
