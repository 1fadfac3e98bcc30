package dev.switchboard.sip;

/**
 * Which numbers an inbound INVITE may target: DNs, routing points, queues. Anything else is answered 404 before the
 * upper layer hears of it. Called on the SIP signalling thread: answer from memory.
 */
@FunctionalInterface
public interface NumberPlan {

    boolean exists(String number);

    /** Every number exists: the upper layer decides, e.g. with {@link SipLeg#reject(int)}. */
    NumberPlan ANY = number -> true;
}
