package dev.switchboard.core.endpoint;

import java.util.List;

import dev.switchboard.core.view.RecordingState;

/**
 * Who hears whom in one call, leg by leg: what a media mixer plays to each leg. Read from the switch's who-hears-whom
 * relation, never decided by the mixer.
 *
 * @param familyId the call's family (see {@link EndpointLeg#familyId()})
 * @param recording whether the call is being recorded (GWS StartCallRecording and its kin): the mix is written then
 * @param legs every leg of the call that has media now, with the legs it hears (never itself)
 */
public record CallMedia(String callId, String familyId, List<LegMedia> legs, RecordingState recording) {

    public CallMedia {
        legs = List.copyOf(legs);
    }

    /** A call nobody records. */
    public CallMedia(String callId, String familyId, List<LegMedia> legs) {
        this(callId, familyId, legs, RecordingState.STOPPED);
    }

    /**
     * One leg's media.
     *
     * @param legId  the leg
     * @param number the leg's number (the device's DN or the external number), for logs and recordings
     * @param held   whether the leg is on hold (it may hear music instead of silence)
     * @param hears  the legs whose voice it hears
     */
    public record LegMedia(String legId, String number, boolean held, List<String> hears) {
        public LegMedia {
            hears = List.copyOf(hears);
        }
    }
}
