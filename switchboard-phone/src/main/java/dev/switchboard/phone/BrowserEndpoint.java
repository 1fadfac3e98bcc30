package dev.switchboard.phone;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.telephony.Switch;

/**
 * The endpoint port as one switch sees browsers that carry their user's audio ({@link BrowserAudio}). Like a phone
 * it confirms answer, hold and retrieve itself and carries media, but it has nothing to ring: it confirms at once, on
 * the adapter's thread. Every request is handed to that thread and returns at once.
 */
public final class BrowserEndpoint implements Endpoint {
    private final BrowserCalls calls;
    private final Switch owner;

    BrowserEndpoint(BrowserCalls calls, Switch owner) {
        this.calls = calls;
        this.owner = owner;
    }

    @Override
    public boolean confirmsAtOnce() {
        return false;
    }

    @Override
    public boolean carriesMedia() {
        return true;
    }

    @Override
    public void offer(EndpointLeg leg) {
        calls.run(() -> calls.offer(owner, leg));
    }

    @Override
    public void answer(EndpointLeg leg) {
        calls.run(() -> calls.answer(owner, leg));
    }

    @Override
    public void hold(EndpointLeg leg) {
        calls.run(() -> calls.hold(owner, leg, true));
    }

    @Override
    public void retrieve(EndpointLeg leg) {
        calls.run(() -> calls.hold(owner, leg, false));
    }

    @Override
    public void release(EndpointLeg leg, ReleaseCause cause) {
        calls.run(() -> calls.release(leg));
    }

    @Override
    public void sendDtmf(EndpointLeg leg, String digits) {
        calls.run(() -> calls.sendDtmf(leg, digits));
    }

    @Override
    public void connectMedia(CallMedia media) {
        calls.run(() -> calls.connectMedia(media));
    }

    @Override
    public String toString() {
        return "BrowserEndpoint[" + owner.environment().name() + "]";
    }
}
