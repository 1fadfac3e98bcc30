package dev.switchboard.core.endpoint;

/**
 * The port through which the switch drives the legs of its calls: a phone, a trunk, the simulator, or nothing at all
 * (the {@link VirtualEndpoint} of a device that only a GWS client controls). Modelled on a B2BUA's leg and on
 * FreeSWITCH's endpoint interface: the switch asks, the endpoint reports back later through the switch's
 * {@code leg*} commands ({@code legRinging}, {@code legAnswered}, {@code legReleased}, {@code legFailed},
 * {@code legHeld}, {@code legRetrieved}, {@code legRefused}, {@code legDtmf}).
 *
 * <p>Calls come from the switch thread after the change that caused them, in the order the change made them. An
 * endpoint must not block and must not wait for the switch: it hands the work to its own thread and reports back by
 * submitting a command.
 */
public interface Endpoint {

    /**
     * Whether the endpoint confirms answer, hold and retrieve at once, with nothing behind it to ask (the virtual
     * endpoint): the switch then applies them in the same change. Otherwise the party waits, in the state it had,
     * until the endpoint reports the result.
     */
    boolean confirmsAtOnce();

    /**
     * Whether the endpoint plays its legs' audio, and so is told who hears whom ({@link #connectMedia}). The virtual
     * endpoint and the simulator's customers carry none.
     */
    boolean carriesMedia();

    /** Offer the leg: a phone rings, a number is called. The endpoint reports ringing, answered or failed. */
    void offer(EndpointLeg leg);

    /** Answer the ringing leg on the user's behalf (GWS {@code Answer}); answered, or refused if the phone cannot. */
    void answer(EndpointLeg leg);

    /** Put the leg on hold; held, or refused. */
    void hold(EndpointLeg leg);

    /** Take the leg off hold; retrieved, or refused. */
    void retrieve(EndpointLeg leg);

    /** The switch released the leg: hang up, or cancel an offer. Nothing is reported back. */
    void release(EndpointLeg leg, ReleaseCause cause);

    /** Send DTMF digits to the leg's far end. */
    void sendDtmf(EndpointLeg leg, String digits);

    /**
     * The switch established the leg: its far end answered, or — for a leg the endpoint brought ({@link Origination})
     * — the call it placed was answered, so the endpoint now answers its caller. Endpoints that reported the answer
     * themselves ignore it.
     */
    default void connected(EndpointLeg leg) {
    }

    /** Who hears whom in a call changed: the media of the endpoint's legs in it follow {@code media}. */
    void connectMedia(CallMedia media);
}
