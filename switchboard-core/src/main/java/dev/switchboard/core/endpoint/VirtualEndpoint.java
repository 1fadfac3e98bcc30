package dev.switchboard.core.endpoint;

/**
 * The endpoint of a leg with nothing behind it: a device only a GWS client controls, or an external number nobody
 * plays. It confirms everything at once and sends nothing; its legs change only by the GWS operations (and the
 * simulator's commands) that name them.
 */
public final class VirtualEndpoint implements Endpoint {
    /** The one virtual endpoint. */
    public static final VirtualEndpoint INSTANCE = new VirtualEndpoint();

    private VirtualEndpoint() {
    }

    @Override
    public boolean confirmsAtOnce() {
        return true;
    }

    @Override
    public boolean carriesMedia() {
        return false;
    }

    @Override
    public void offer(EndpointLeg leg) {
        // Nothing rings: a GWS client answers.
    }

    @Override
    public void answer(EndpointLeg leg) {
        // Confirmed at once by the switch.
    }

    @Override
    public void hold(EndpointLeg leg) {
        // Confirmed at once by the switch.
    }

    @Override
    public void retrieve(EndpointLeg leg) {
        // Confirmed at once by the switch.
    }

    @Override
    public void release(EndpointLeg leg, ReleaseCause cause) {
        // Nothing to hang up.
    }

    @Override
    public void sendDtmf(EndpointLeg leg, String digits) {
        // No media.
    }

    @Override
    public void connectMedia(CallMedia media) {
        // No media.
    }

    @Override
    public String toString() {
        return "VirtualEndpoint";
    }
}
