package dev.switchboard.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.CallMedia.LegMedia;
import dev.switchboard.core.view.RecordingState;
import dev.switchboard.media.MediaClock;
import dev.switchboard.media.MediaConfig;
import dev.switchboard.media.MediaEngine;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaListener;
import dev.switchboard.media.mix.MixPlan;
import dev.switchboard.media.record.CallRecorder;

/**
 * A family's room plays exactly the switch's who-hears-whom for the legs it carries: legs of other endpoints are left
 * out, a held leg hears its hold source, only voices someone hears are recorded, a leg that moved between the family's
 * calls is where the latest update put it, and the recording follows the call's recording state.
 */
class FamilyRoomTest {
    @TempDir
    Path recordings;

    private MediaEngine engine;
    private FamilyRoom room;

    @BeforeEach
    void openRoom() throws Exception {
        // Not started: the plan and the recorder are what is checked, no audio flows.
        engine = new MediaEngine(MediaConfig.defaults().withPorts(29100, 29199), MediaListener.NONE,
                MediaClock.SYSTEM, Thread::new);
        room = new FamilyRoom(engine.openRoom("call-1"), recordings);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theMixIsTheSwitchsRelationForTheLegsCarriedHere() throws Exception {
        MediaLeg customer = room.addLeg("customer");
        MediaLeg agent = room.addLeg("agent");
        MediaLeg supervisor = room.addLeg("supervisor");
        room.update(new CallMedia("call-1", "call-1", List.of(
                new LegMedia("customer", "5551234", false, List.of("agent", "virtual")),
                new LegMedia("agent", "5001", false, List.of("customer")),
                new LegMedia("supervisor", "5005", false, List.of("customer", "agent")),
                new LegMedia("virtual", "5002", false, List.of("customer")))));

        MixPlan plan = room.plan();
        assertThat(plan.speakers(customer.slot())).containsExactly(agent.slot());
        assertThat(plan.speakers(agent.slot())).containsExactly(customer.slot());
        assertThat(plan.speakers(supervisor.slot())).containsExactlyInAnyOrder(customer.slot(), agent.slot());
        assertThat(plan.recordedSlots()).as("the listening supervisor, heard by nobody, is not recorded")
                .containsExactlyInAnyOrder(customer.slot(), agent.slot());
    }

    @Test
    void aHeldLegHearsItsHoldSourceAndNobody() throws Exception {
        MediaLeg customer = room.addLeg("customer");
        MediaLeg agent = room.addLeg("agent");
        room.update(new CallMedia("call-1", "call-1", List.of(
                new LegMedia("customer", "5551234", false, List.of()),
                new LegMedia("agent", "5001", true, List.of()))));
        assertThat(room.plan().hearsHoldSource(agent.slot())).isTrue();
        assertThat(room.plan().speakers(customer.slot())).isEmpty();
    }

    @Test
    void aLegThatMovedIntoTheOriginalCallHearsWhatTheLatestUpdateSays() throws Exception {
        MediaLeg customer = room.addLeg("customer");
        MediaLeg target = room.addLeg("target");
        room.update(new CallMedia("consult", "call-1", List.of(new LegMedia("target", "5003", false, List.of()))));
        room.update(new CallMedia("call-1", "call-1", List.of(
                new LegMedia("customer", "5551234", false, List.of("target")),
                new LegMedia("target", "5003", false, List.of("customer")))));
        room.update(new CallMedia("consult", "call-1", List.of()));
        assertThat(room.plan().speakers(target.slot())).containsExactly(customer.slot());
        assertThat(room.plan().speakers(customer.slot())).containsExactly(target.slot());
    }

    @Test
    void theRecordingFollowsTheCallsRecordingState() throws Exception {
        room.addLeg("customer");
        room.addLeg("agent");
        List<LegMedia> talking = List.of(new LegMedia("customer", "5551234", false, List.of("agent")),
                new LegMedia("agent", "5001", false, List.of("customer")));
        room.update(new CallMedia("call-1", "call-1", talking, RecordingState.RECORDING));
        CallRecorder recorder = room.recorder();
        assertThat(recorder.state()).isEqualTo(CallRecorder.State.RECORDING);
        assertThat(recorder.path().getParent()).isEqualTo(recordings);
        assertThat(recorder.path().getFileName().toString()).matches("call-1-\\d{8}-\\d{6}\\.wav");
        room.update(new CallMedia("call-1", "call-1", talking, RecordingState.PAUSED));
        assertThat(recorder.state()).isEqualTo(CallRecorder.State.PAUSED);
        room.update(new CallMedia("call-1", "call-1", talking, RecordingState.RECORDING));
        assertThat(recorder.state()).isEqualTo(CallRecorder.State.RECORDING);
        room.update(new CallMedia("call-1", "call-1", talking, RecordingState.STOPPED));
        assertThat(recorder.state()).isIn(CallRecorder.State.STOPPING, CallRecorder.State.CLOSED);
    }
}
