package dev.switchboard.phone;

import dev.switchboard.core.telephony.Switch;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.sip.SipLeg;

/**
 * One switch leg that a phone or a trunk carries: its SIP dialog and its place in the mixer. Only the
 * {@code phone-adapter} thread touches it.
 */
final class PhoneLeg {
    final String id;
    final Switch owner;
    /** True for the caller's leg of a call a phone or trunk placed: the switch never offered it. */
    final boolean origination;
    String familyId;
    SipLeg sip;
    volatile MediaLeg media;
    /** The switch knows the leg ended (it released it, or was told): what SIP reports later is not news to it. */
    boolean switchKnowsEnded;
    /** The leg's dialog ended (or never started): nothing more is sent on it. */
    boolean ended;
    /** The 200 OK to the caller was sent (origination legs). */
    boolean answerSent;

    PhoneLeg(String id, Switch owner, boolean origination) {
        this.id = id;
        this.owner = owner;
        this.origination = origination;
    }

    @Override
    public String toString() {
        return "PhoneLeg[" + id + (sip == null ? "" : " " + sip.id()) + (ended ? " ended" : "") + "]";
    }
}
