package dev.switchboard.phone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.view.RecordingState;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaRoom;
import dev.switchboard.media.mix.MixPlan;
import dev.switchboard.media.record.CallRecorder;

/**
 * The mixer room of one call family (a call and its consultations): their legs may come to hear each other when a
 * consultation completes, so they share one room and no re-INVITE is ever needed. The plan is rebuilt from the
 * switch's latest {@link CallMedia} of each call of the family, for the legs that have media here. Adapter thread.
 */
final class FamilyRoom {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyRoom.class);
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final MediaRoom room;
    private final Path recordings;
    private final Map<String, MediaLeg> legs = new HashMap<>();
    /** The family's calls, the one updated last at the end: a leg that moved between calls is where it was put last. */
    private final LinkedHashMap<String, CallMedia> calls = new LinkedHashMap<>();
    /** The call whose recording the room writes now, or {@code null}. */
    private String recordedCall;

    FamilyRoom(MediaRoom room, Path recordings) {
        this.room = room;
        this.recordings = recordings;
    }

    /** The plan the mixer plays now. */
    MixPlan plan() {
        return room.plan();
    }

    /** The room's current (or last) recording, or {@code null}. */
    CallRecorder recorder() {
        return room.recorder();
    }

    /** Closes the room: its ports are freed, its recording is finished. */
    void close() {
        room.close();
    }

    MediaLeg addLeg(String legId) throws IOException {
        MediaLeg leg = room.addLeg(legId);
        legs.put(legId, leg);
        replan();
        return leg;
    }

    /** A leg whose audio comes and goes in frames (a browser's): see {@link MediaRoom#addFrameLeg}. */
    MediaLeg addFrameLeg(String legId) {
        MediaLeg leg = room.addFrameLeg(legId);
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

    /** The switch says who hears whom in one call of the family now, and whether it is recorded. */
    void update(CallMedia media) {
        calls.remove(media.callId());
        if (!media.legs().isEmpty()) {
            calls.put(media.callId(), media);
        }
        replan();
        record(media.callId(), media.legs().isEmpty() ? RecordingState.STOPPED : media.recording());
    }

    /**
     * Follows GWS's recording operations: StartCallRecording opens {@code RECORDINGS/CALLID-TIME.wav} with the mix of
     * every voice the call's parties hear, Pause and Resume gate it, Stop (or the call's end) finishes the file.
     */
    private void record(String callId, RecordingState state) {
        CallRecorder recorder = room.recorder();
        boolean running = recorder != null && (recorder.state() == CallRecorder.State.RECORDING
                || recorder.state() == CallRecorder.State.PAUSED);
        if (recordedCall != null && !recordedCall.equals(callId)) {
            return;
        }
        try {
            switch (state) {
                case RECORDING -> {
                    if (!running) {
                        Files.createDirectories(recordings);
                        room.startRecording(recordings.resolve(callId + "-" + FILE_TIME.format(Instant.now()) + ".wav"));
                        recordedCall = callId;
                    } else if (recorder.state() == CallRecorder.State.PAUSED) {
                        room.resumeRecording();
                    }
                }
                case PAUSED -> {
                    if (running && recorder.state() == CallRecorder.State.RECORDING) {
                        room.pauseRecording();
                    }
                }
                case STOPPED -> {
                    if (running) {
                        room.stopRecording();
                    }
                    recordedCall = null;
                }
                default -> throw new IllegalStateException("Unknown recording state " + state);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Recording call {} in {}: {}", callId, recordings, e.toString());
        }
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
