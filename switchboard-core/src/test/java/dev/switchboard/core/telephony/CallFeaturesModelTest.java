package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.ATTACH_USER_DATA;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA;
import static dev.switchboard.core.command.CallOperation.DELETE_USER_DATA_PAIR;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.MUTE_CALL;
import static dev.switchboard.core.command.CallOperation.PAUSE_CALL_RECORDING;
import static dev.switchboard.core.command.CallOperation.RESUME_CALL_RECORDING;
import static dev.switchboard.core.command.CallOperation.RETRIEVE;
import static dev.switchboard.core.command.CallOperation.SEND_DTMF;
import static dev.switchboard.core.command.CallOperation.START_CALL_RECORDING;
import static dev.switchboard.core.command.CallOperation.STOP_CALL_RECORDING;
import static dev.switchboard.core.command.CallOperation.UNMUTE_CALL;
import static dev.switchboard.core.command.CallOperation.UPDATE_USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.RecordingState;

/** DTMF, attached data, mute and recording: which parties are told, with what, and who hears whom. */
class CallFeaturesModelTest extends CallModelSupport {

    /** agent1 calls agent2, who answers; the events are discarded. */
    private String internalCall() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        rows();
        return call;
    }

    private static CallRequest data(CallOperation operation, Map<String, Object> userData) {
        return new CallRequest(operation, null, userData, null, null, null, null);
    }

    private static CallRequest key(String key) {
        return new CallRequest(DELETE_USER_DATA_PAIR, null, null, null, key, null, null);
    }

    private static CallRequest digits(String digits) {
        return new CallRequest(SEND_DTMF, null, null, null, null, digits, null);
    }

    @Test
    void sendDtmfTellsOnlyTheSender() {
        String call = internalCall();

        OutcomeAssertions.assertAccepted(perform("agent1", call, digits("12#")));
        assertThat(rows()).containsExactly("5001 DtmfSent Established Internal [5002] 12#");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void sendDtmfWhileDialing() {
        logIn("agent1");
        String call = dial("agent1", EXTERNAL);
        rows();

        OutcomeAssertions.assertAccepted(perform("agent1", call, digits("0")));
        assertThat(rows()).containsExactly("5001 DtmfSent Dialing Outbound [5559999] 0");
    }

    @Test
    void aCustomersDtmfChangesNothingAClientSees() {
        logIn("agent1");
        String call = customerCall(CUSTOMER, "5001");
        ok("agent1", call, ANSWER);
        rows();

        OutcomeAssertions.assertAccepted(harness.await(sw().customerDtmf(call, CUSTOMER, "5")));
        assertThat(rows()).isEmpty();
    }

    @Test
    void userDataOperationsTellEveryInternalParty() {
        String call = internalCall();

        OutcomeAssertions.assertAccepted(perform("agent1", call, data(ATTACH_USER_DATA, Map.of("a", "1"))));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Established Internal [5002] {a=1}",
                "5002 AttachedDataChanged Established Internal [5001] {a=1}");

        // Attach keeps the keys already there; update replaces them.
        OutcomeAssertions.assertAccepted(perform("agent2", call, data(ATTACH_USER_DATA, ordered("a", "2", "b", "3"))));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Established Internal [5002] {a=1, b=3}",
                "5002 AttachedDataChanged Established Internal [5001] {a=1, b=3}");

        OutcomeAssertions.assertAccepted(perform("agent2", call, data(UPDATE_USER_DATA, Map.of("a", "2"))));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Established Internal [5002] {a=2, b=3}",
                "5002 AttachedDataChanged Established Internal [5001] {a=2, b=3}");

        OutcomeAssertions.assertAccepted(perform("agent1", call, key("a")));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Established Internal [5002] {b=3}",
                "5002 AttachedDataChanged Established Internal [5001] {b=3}");

        refused("agent1", call, key("nope"), Refusal.INVALID_PARAMETER);
        assertThat(rows()).isEmpty();

        ok("agent1", call, DELETE_USER_DATA);
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Established Internal [5002] {}",
                "5002 AttachedDataChanged Established Internal [5001] {}");
        assertThat(sw().call(call).orElseThrow().userData()).isEmpty();
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void userDataOnARingingCallAndOnAHeldCallReachesEveryParty() {
        logIn("agent1", "agent2", "agent3");
        String call = dial("agent1", "5002");
        rows();

        OutcomeAssertions.assertAccepted(perform("agent2", call, data(UPDATE_USER_DATA, Map.of("k", "v"))));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Dialing Internal [5002] {k=v}",
                "5002 AttachedDataChanged Ringing Internal [5001] {k=v}");

        ok("agent2", call, ANSWER);
        ok("agent1", call, HOLD);
        rows();
        OutcomeAssertions.assertAccepted(perform("agent1", call, data(UPDATE_USER_DATA, Map.of("k", "w"))));
        assertThat(rows()).containsExactly(
                "5001 AttachedDataChanged Held Internal [5002] {k=w}",
                "5002 AttachedDataChanged Established Internal [5001] {k=w}");
    }

    @Test
    void userDataReachesOnlyInternalPartiesOfACustomerCall() {
        logIn("agent1");
        String call = customerCall(CUSTOMER, "5001", Map.of("account", "42"));
        ok("agent1", call, ANSWER);
        rows();

        OutcomeAssertions.assertAccepted(perform("agent1", call, data(UPDATE_USER_DATA, Map.of("note", "vip"))));
        assertThat(rows()).containsExactly("5001 AttachedDataChanged Established Inbound [5551001] {account=42, note=vip}");
    }

    @Test
    void muteAndUnmuteChangeWhoHearsWhom() {
        String call = internalCall();

        ok("agent1", call, MUTE_CALL);
        assertThat(rows()).containsExactly("5001 StatusChange Established Internal [5002] muted");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears []");
        assertThat(caps("agent1", call)).contains(UNMUTE_CALL).doesNotContain(MUTE_CALL);
        assertThat(sw().call(call).orElseThrow().party("5001").orElseThrow().muted()).isTrue();

        ok("agent2", call, MUTE_CALL);
        assertThat(rows()).containsExactly("5002 StatusChange Established Internal [5001] muted");
        assertThat(hears(call)).containsExactly("5001 Established hears []", "5002 Established hears []");

        ok("agent1", call, UNMUTE_CALL);
        assertThat(rows()).containsExactly("5001 StatusChange Established Internal [5002]");
        assertThat(hears(call)).containsExactly("5001 Established hears []", "5002 Established hears [5001]");
        assertThat(caps("agent1", call)).contains(MUTE_CALL).doesNotContain(UNMUTE_CALL);
    }

    @Test
    void aMutedPartyStaysMutedThroughHoldAndRetrieve() {
        String call = internalCall();
        ok("agent1", call, MUTE_CALL);
        ok("agent1", call, HOLD);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002] muted",
                "5001 StatusChange Held Internal [5002] muted");
        assertThat(caps("agent1", call)).doesNotContain(MUTE_CALL, UNMUTE_CALL);

        ok("agent1", call, RETRIEVE);
        assertThat(rows()).containsExactly("5001 StatusChange Established Internal [5002] muted");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears []");
    }

    @Test
    void muteInAConference() {
        logIn("agent1", "agent2");
        String call = customerCall(CUSTOMER, "5001");
        ok("agent1", call, ANSWER);
        to("agent1", call, CallOperation.SINGLE_STEP_CONFERENCE, "5002");
        ok("agent2", call, ANSWER);
        rows();

        ok("agent2", call, MUTE_CALL);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001, 5001] muted");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001]",
                "5002 Established hears [5551001, 5001]");
    }

    @Test
    void recordingStartPauseResumeStopTellsEveryInternalParty() {
        useDirectory(TestDirectory.build(0, Feature.VOICE_RECORDING));
        String call = internalCall();
        assertThat(caps("agent1", call)).contains(START_CALL_RECORDING)
                .doesNotContain(STOP_CALL_RECORDING, PAUSE_CALL_RECORDING, RESUME_CALL_RECORDING);

        ok("agent1", call, START_CALL_RECORDING);
        assertThat(rows()).containsExactly(
                "5001 CallRecordingStateChange Established Internal [5002] Recording",
                "5002 CallRecordingStateChange Established Internal [5001] Recording");
        assertThat(caps("agent2", call)).contains(PAUSE_CALL_RECORDING, STOP_CALL_RECORDING)
                .doesNotContain(START_CALL_RECORDING, RESUME_CALL_RECORDING);

        ok("agent2", call, PAUSE_CALL_RECORDING);
        assertThat(rows()).containsExactly(
                "5001 CallRecordingStateChange Established Internal [5002] Paused",
                "5002 CallRecordingStateChange Established Internal [5001] Paused");
        assertThat(caps("agent1", call)).contains(RESUME_CALL_RECORDING, STOP_CALL_RECORDING)
                .doesNotContain(START_CALL_RECORDING, PAUSE_CALL_RECORDING);

        ok("agent1", call, RESUME_CALL_RECORDING);
        assertThat(rows()).containsExactly(
                "5001 CallRecordingStateChange Established Internal [5002] Recording",
                "5002 CallRecordingStateChange Established Internal [5001] Recording");

        ok("agent1", call, STOP_CALL_RECORDING);
        assertThat(rows()).containsExactly(
                "5001 CallRecordingStateChange Established Internal [5002] Stopped",
                "5002 CallRecordingStateChange Established Internal [5001] Stopped");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void recordingNeedsTheFeatureAndAnEstablishedCall() {
        String call = internalCall();
        assertThat(caps("agent1", call)).doesNotContain(START_CALL_RECORDING);
        refused("agent1", call, CallRequest.of(START_CALL_RECORDING), Refusal.NOT_IN_CAPABILITIES);
        assertThat(rows()).isEmpty();
        assertThat(view("agent1", call).recordingState()).isEqualTo(RecordingState.STOPPED);
    }

    @Test
    void theAdminHasTheRecordingFeature() {
        logIn("agent1");
        // The admin has every feature; sessions are not tied to a user's default place.
        harness.logIn("admin", TestDirectory.PLACE_MULTI);
        String call = idOf(harness.await(sw().dial(user("admin"), harness.deviceId("5202"), "5001", Map.of())));
        ok("agent1", call, ANSWER);
        rows();
        assertThat(caps("admin", call)).contains(START_CALL_RECORDING);
        assertThat(caps("agent1", call)).doesNotContain(START_CALL_RECORDING);

        ok("admin", call, START_CALL_RECORDING);
        assertThat(rows()).containsExactly(
                "5202 CallRecordingStateChange Established Internal [5001] Recording",
                "5001 CallRecordingStateChange Established Internal [5202] Recording");
        // agent1 sees the recording but may not control it.
        refused("agent1", call, CallRequest.of(STOP_CALL_RECORDING), Refusal.NOT_IN_CAPABILITIES);
        assertThat(rows()).isEmpty();
    }

    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
