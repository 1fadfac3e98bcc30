package dev.switchboard.phone;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaRoom;
import dev.switchboard.media.mix.MixPlan;

/**
 * The mixer room of one call family (a call and its consultations): their legs may come to hear each other when a
 * consultation completes, so they share one room and no re-INVITE is ever needed. The plan is rebuilt from the
 * switch's latest {@link CallMedia} of each call of the family, for the legs that have media here. Adapter thread.
 */
final class FamilyRoom {
    private final MediaRoom room;
    private final Map<String, MediaLeg> legs = new HashMap<>();
    /** The family's calls, the one updated last at the end: a leg that moved between calls is where it was put last. */
    private final LinkedHashMap<String, CallMedia> calls = new LinkedHashMap<>();

    FamilyRoom(MediaRoom room) {
        this.room = room;
    }

    MediaRoom room() {
        return room;
    }

    MediaLeg addLeg(String legId) throws IOException {
        MediaLeg leg = room.addLeg(legId);
        legs.put(legId, leg);
        replan();
        return leg;
    }

    void removeLeg(String legId) {
        MediaLeg leg = legs.remove(legId);
        if (leg != null) {
            room.removeLeg(leg);
            replan();
        }
    }

    /** The switch says who hears whom in one call of the family now. */
    void update(CallMedia media) {
        calls.remove(media.callId());
        if (!media.legs().isEmpty()) {
            calls.put(media.callId(), media);
        }
        replan();
    }

    boolean isEmpty() {
        return legs.isEmpty();
    }

    /** The mix plan for the legs here: who hears whom, held legs hear the hold source, every voice heard is recorded. */
    private void replan() {
        Map<String, CallMedia.LegMedia> latest = new LinkedHashMap<>();
        for (CallMedia call : calls.values()) {
            for (CallMedia.LegMedia leg : call.legs()) {
                latest.put(leg.legId(), leg);
            }
        }
        MixPlan.Builder plan = MixPlan.builder();
        List<Integer> recorded = new ArrayList<>();
        for (CallMedia.LegMedia listener : latest.values()) {
            MediaLeg mine = legs.get(listener.legId());
            if (mine == null) {
                continue;
            }
            if (listener.held()) {
                plan.hearsHoldSource(mine.slot());
                continue;
            }
            List<Integer> speakers = new ArrayList<>();
            for (String speaker : listener.hears()) {
                MediaLeg heard = legs.get(speaker);
                if (heard != null) {
                    speakers.add(heard.slot());
                    // The recording is what the call's parties hear: never the voice of a supervisor nobody hears.
                    recorded.add(heard.slot());
                }
            }
            plan.hears(mine.slot(), speakers.stream().mapToInt(Integer::intValue).toArray());
        }
        plan.records(recorded.stream().mapToInt(Integer::intValue).toArray());
        room.setPlan(plan.build());
    }
}
