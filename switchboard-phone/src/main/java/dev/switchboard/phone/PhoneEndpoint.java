package dev.switchboard.phone;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.telephony.Switch;

/**
 * The endpoint port as one switch sees SIP phones and trunks. Every request is handed to the adapter's thread and
 * returns at once; outcomes come back as the switch's {@code leg*} commands. Phones confirm answer, hold and retrieve
 * themselves, and carry media.
 */
public final class PhoneEndpoint implements Endpoint {
    private final PhoneCalls calls;
    private final Switch owner;

    PhoneEndpoint(PhoneCalls calls, Switch owner) {
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
        calls.run(() -> calls.answer(leg));
    }

    @Override
    public void hold(EndpointLeg leg) {
        calls.run(() -> calls.hold(leg, true));
    }

    @Override
    public void retrieve(EndpointLeg leg) {
        calls.run(() -> calls.hold(leg, false));
    }

    @Override
    public void release(EndpointLeg leg, ReleaseCause cause) {
        calls.run(() -> calls.release(leg, cause));
    }

    @Override
    public void sendDtmf(EndpointLeg leg, String digits) {
        calls.run(() -> calls.sendDtmf(leg, digits));
    }

    @Override
    public void connected(EndpointLeg leg) {
        calls.run(() -> calls.connected(leg));
    }

    @Override
    public void connectMedia(CallMedia media) {
        calls.run(() -> calls.connectMedia(media));
    }

    @Override
    public String toString() {
        return "PhoneEndpoint[" + owner.environment().name() + "]";
    }
}
