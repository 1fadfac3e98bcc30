package dev.switchboard.core.audio;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.model.Call;
import dev.switchboard.core.model.Party;
import dev.switchboard.core.view.PartyState;

/**
 * Who hears whom: the model's one truth about audio, a pure function of the parties' states, mutes and monitoring
 * modes. Snapshots show it, and a media mixer plays exactly it ({@link #media}); nothing else decides it.
 *
 * <ul>
 *   <li>Only established parties hear and are heard; nobody hears themselves; a muted party is heard by nobody.</li>
 *   <li>A supervisor listening in is heard by nobody, coaching by the monitored agent only, barged in by everyone.</li>
 *   <li>A monitored agent muted by the supervisor is heard by the supervisor only.</li>
 * </ul>
 */
public final class WhoHearsWhom {

    private WhoHearsWhom() {
    }

    /** Whether {@code listener} hears {@code speaker} (two parties of one call). */
    public static boolean hears(Party listener, Party speaker) {
        if (listener == speaker || listener.state != PartyState.ESTABLISHED || speaker.state != PartyState.ESTABLISHED) {
            return false;
        }
        if (speaker.supervising()) {
            return switch (speaker.monitor.type) {
                case LISTEN_IN -> false;
                case COACH -> speaker.monitor.monitoredParty() == listener;
                case BARGE_IN -> true;
            };
        }
        if (speaker.muted) {
            return false;
        }
        Party supervisorLeg = speaker.call.supervisorLeg();
        if (supervisorLeg != null && supervisorLeg.monitor.monitoredUserMuted && supervisorLeg.monitor.monitoredParty() == speaker) {
            // The supervisor took over: the muted agent is heard by the supervisor only.
            return listener == supervisorLeg;
        }
        return true;
    }

    /** The numbers {@code listener} hears in its call, in the order the parties joined. */
    public static List<String> heardBy(Party listener) {
        List<String> heard = new ArrayList<>();
        for (Party other : listener.call.parties) {
            if (hears(listener, other)) {
                heard.add(other.number);
            }
        }
        return heard;
    }

    /** The call's media: for each active leg, whether it is held and the legs it hears; and whether it is recorded. */
    public static CallMedia media(Call call) {
        List<CallMedia.LegMedia> legs = new ArrayList<>();
        for (Party listener : call.parties) {
            if (!listener.active()) {
                continue;
            }
            List<String> heard = new ArrayList<>();
            for (Party speaker : call.parties) {
                if (hears(listener, speaker)) {
                    heard.add(speaker.id);
                }
            }
            legs.add(new CallMedia.LegMedia(listener.id, listener.number, listener.state == PartyState.HELD, heard));
        }
        return new CallMedia(call.id, call.root().id, legs, call.recording);
    }
}
