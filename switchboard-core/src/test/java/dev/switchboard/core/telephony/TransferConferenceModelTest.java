package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.ANSWER;
import static dev.switchboard.core.command.CallOperation.CLEAR_CALL;
import static dev.switchboard.core.command.CallOperation.COMPLETE_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.COMPLETE_TRANSFER;
import static dev.switchboard.core.command.CallOperation.HANGUP;
import static dev.switchboard.core.command.CallOperation.HOLD;
import static dev.switchboard.core.command.CallOperation.INITIATE_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.INITIATE_TRANSFER;
import static dev.switchboard.core.command.CallOperation.REMOVE_PARTICIPANT_FROM_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.RETRIEVE;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_CONFERENCE;
import static dev.switchboard.core.command.CallOperation.SINGLE_STEP_TRANSFER;
import static dev.switchboard.core.command.CallOperation.SWAP_CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyRole;

/**
 * Two-step and single-step transfers and conferences, RemoveParticipantFromConference, SwapCalls and ClearCall. A
 * completion keeps the original call (id, ANI, DNIS, user data) and moves the consultation's other parties into it.
 */
class TransferConferenceModelTest extends CallModelSupport {

    /** A customer calls agent1 (5001) directly with user data and agent1 answers; the events are discarded. */
    private String inboundToAgent1() {
        String call = customerCall(CUSTOMER, "5001", Map.of("account", "42"));
        ok("agent1", call, ANSWER);
        rows();
        return call;
    }

    @Test
    void twoStepTransferTheTargetAnswersThenTheTransferCompletes() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();

        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult [5002]",
                "5002 StatusChange Ringing Consult [5001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears []", "5001 Held hears []");
        assertThat(hears(consult)).containsExactly("5001 Dialing hears []", "5002 Ringing hears []");
        assertThat(view("agent1", consult).parentCallId()).isEqualTo(original);
        assertThat(view("agent1", original).otherCallId()).isEqualTo(consult);
        assertThat(view("agent2", consult).userData()).containsExactly(Map.entry("account", "42"));
        assertThat(caps("agent1", original)).contains(COMPLETE_TRANSFER, HANGUP).doesNotContain(RETRIEVE, SWAP_CALLS,
                COMPLETE_CONFERENCE, INITIATE_TRANSFER);
        assertThat(caps("agent1", consult)).contains(COMPLETE_TRANSFER, HANGUP).doesNotContain(COMPLETE_CONFERENCE);

        ok("agent2", consult, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Consult [5002]",
                "5002 StatusChange Established Consult [5001]",
                "5001 StatusChange Held Inbound [5551001]");
        assertThat(hears(consult)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears []", "5001 Held hears []");
        assertThat(caps("agent1", consult)).contains(SWAP_CALLS, COMPLETE_TRANSFER, COMPLETE_CONFERENCE).doesNotContain(HOLD);
        assertThat(caps("agent1", original)).contains(SWAP_CALLS, COMPLETE_TRANSFER, COMPLETE_CONFERENCE);

        with("agent1", original, COMPLETE_TRANSFER, consult);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Established Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
        assertThat(ended(consult)).isTrue();
        CallSnapshot kept = sw().call(original).orElseThrow();
        assertThat(kept.ani()).isEqualTo(CUSTOMER);
        assertThat(kept.dnis()).isEqualTo("5001");
        assertThat(kept.userData()).containsExactly(Map.entry("account", "42"));
        assertThat(kept.party("5002").orElseThrow().role()).isEqualTo(PartyRole.DESTINATION);
        assertThat(callIds("agent1")).isEmpty();
        assertThat(callIds("agent2")).containsExactly(original);

        customerHangup(original, CUSTOMER);
        assertThat(rows()).containsExactly("5002 StatusChange Released Inbound []");
        assertThat(ended(original)).isTrue();
    }

    @Test
    void twoStepTransferCompletedWhileTheTargetStillRings() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        rows();

        ok("agent1", consult, COMPLETE_TRANSFER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly("5551001 Established hears []", "5002 Ringing hears []");
        assertThat(ended(consult)).isTrue();

        ok("agent2", original, ANSWER);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
    }

    @Test
    void theConsultedAgentHangsUpAndTheOriginalCanBeRetrieved() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        ok("agent2", consult, ANSWER);
        rows();

        ok("agent2", consult, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []",
                "5001 StatusChange Held Inbound [5551001]");
        assertThat(caps("agent1", original)).contains(RETRIEVE, INITIATE_TRANSFER).doesNotContain(COMPLETE_TRANSFER);

        ok("agent1", original, RETRIEVE);
        assertThat(rows()).containsExactly("5001 StatusChange Established Inbound [5551001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");
    }

    @Test
    void theCustomerHangsUpDuringTheConsultation() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        ok("agent2", consult, ANSWER);
        rows();

        customerHangup(original, CUSTOMER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5001 StatusChange Established Consult [5002]");
        assertThat(caps("agent1", consult)).contains(HOLD).doesNotContain(COMPLETE_TRANSFER, SWAP_CALLS);
        assertThat(hears(consult)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void consultationToABusyDestinationFailsAndTheOriginalStaysHeld() {
        logIn("agent1", "agent2");
        harness.await(sw().setDoNotDisturb(user("agent2"), harness.deviceId("5002"), true));
        String original = inboundToAgent1();

        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5001 CallFailed 56");
        assertThat(ended(consult)).isTrue();
        assertThat(caps("agent1", original)).contains(RETRIEVE);
    }

    @Test
    void consultationToAnExternalNumberThenTransfer() {
        logIn("agent1");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, EXTERNAL);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult [5559999]");
        customerAnswer(consult, EXTERNAL);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Consult [5559999]",
                "5001 StatusChange Held Inbound [5551001]");

        ok("agent1", consult, COMPLETE_TRANSFER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5559999]",
                "5001 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5559999]", "5559999 Established hears [5551001]");
    }

    @Test
    void transferCompletedWhileTheConsultationWaitsInTheQueueQueuesTheOriginal() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult []");
        assertThat(sw().call(consult).orElseThrow().waitingAt()).isEqualTo("8000");

        ok("agent1", original, COMPLETE_TRANSFER);
        // Nobody moved, so the consultation was touched first.
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Consult []",
                "5001 StatusChange Released Inbound [5551001]");
        assertThat(sw().call(original).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(original)).containsExactly("5551001 Established hears []");
        assertThat(ended(consult)).isTrue();

        state("agent2", AgentState.READY);
        assertThat(rows()).containsExactly(
                "5002 AGENT_STATE READY",
                "5002 StatusChange Ringing Inbound [5551001]");
        ok("agent2", original, ANSWER);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
    }

    @Test
    void transferCompletedWhileTheQueuesOfferRingsKeepsRingNoAnswer() {
        logIn("agent1", "agent2", "agent3");
        ready("agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult [5002]",
                "5002 StatusChange Ringing Consult [5001]");
        advance(5);

        ok("agent1", original, COMPLETE_TRANSFER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(ended(consult)).isTrue();

        // The offer rang 5 s before the transfer: 10 s are left.
        advance(9);
        assertThat(rows()).isEmpty();
        advance(1);
        assertThat(rows()).containsExactly(
                "5002 StatusChange Released Inbound [5551001]",
                "5002 AGENT_STATE NOT_READY");
        assertThat(sw().call(original).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(original)).containsExactly("5551001 Established hears []");

        ready("agent3");
        assertThat(callIds("agent3")).containsExactly(original);
    }

    @Test
    void anAcdOfferTransferredWhileRingingOwesWrapUpOnceAnswered() {
        useDirectory(TestDirectory.build(30));
        logIn("agent1", "agent2");
        ready("agent2");
        String original = inboundToAgent1();
        to("agent1", original, INITIATE_TRANSFER, TestDirectory.ROUTING_POINT);
        ok("agent1", original, COMPLETE_TRANSFER);
        ok("agent2", original, ANSWER);
        rows();

        ok("agent2", original, HANGUP);
        assertThat(rows()).containsExactly(
                "5002 StatusChange Released Inbound []",
                "5002 AGENT_STATE AFTER_CALL_WORK");
        advance(30);
        assertThat(rows()).containsExactly("5002 AGENT_STATE READY");
    }

    @Test
    void singleStepTransfer() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();

        OutcomeAssertions.assertAccepted(perform("agent1", call, new CallRequest(SINGLE_STEP_TRANSFER, "5002",
                Map.of("TransferReason", "Escalation"), null, null, null, null)));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Established hears []", "5002 Ringing hears []");
        assertThat(view("agent2", call).userData()).containsExactly(Map.entry("account", "42"),
                Map.entry("TransferReason", "Escalation"));

        ok("agent2", call, ANSWER);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001]");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
        assertThat(sw().call(call).orElseThrow().dnis()).isEqualTo("5001");
    }

    @Test
    void singleStepTransferOfAHeldCall() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        ok("agent1", call, HOLD);
        rows();

        to("agent1", call, SINGLE_STEP_TRANSFER, "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001]");
    }

    @Test
    void singleStepTransferToABusyDestinationLeavesTheCallAsItWas() {
        logIn("agent1", "agent2");
        harness.await(sw().setDoNotDisturb(user("agent2"), harness.deviceId("5002"), true));
        String call = inboundToAgent1();

        to("agent1", call, SINGLE_STEP_TRANSFER, "5002");
        assertThat(rows()).containsExactly("5001 CallFailed 56");
        assertThat(hears(call)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");
    }

    @Test
    void singleStepTransferToTheQueue() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();

        to("agent1", call, SINGLE_STEP_TRANSFER, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly("5001 StatusChange Released Inbound [5551001]");
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(call)).containsExactly("5551001 Established hears []");

        state("agent2", AgentState.READY);
        assertThat(rows()).containsExactly(
                "5002 AGENT_STATE READY",
                "5002 StatusChange Ringing Inbound [5551001]");
    }

    @Test
    void twoStepConference() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();

        String consult = to("agent1", original, INITIATE_CONFERENCE, "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult [5002]",
                "5002 StatusChange Ringing Consult [5001]");
        // A conference needs the consulted party: not before it answered.
        assertThat(caps("agent1", consult)).doesNotContain(COMPLETE_CONFERENCE);
        refused("agent1", consult, CallRequest.of(COMPLETE_CONFERENCE), Refusal.NOT_IN_CAPABILITIES);

        ok("agent2", consult, ANSWER);
        rows();

        ok("agent1", consult, COMPLETE_CONFERENCE);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001, 5002]",
                "5002 StatusChange Established Inbound [5551001, 5001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly(
                "5551001 Established hears [5001, 5002]",
                "5001 Established hears [5551001, 5002]",
                "5002 Established hears [5551001, 5001]");
        assertThat(ended(consult)).isTrue();
        assertThat(view("agent1", original).conference()).isTrue();
        assertThat(sw().call(original).orElseThrow().party("5002").orElseThrow().role()).isEqualTo(PartyRole.CONFERENCE_MEMBER);
        assertThat(caps("agent1", original)).contains(REMOVE_PARTICIPANT_FROM_CONFERENCE, CLEAR_CALL, HOLD);

        ok("agent1", original, HANGUP);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 ParticipantsUpdated Established Inbound [5551001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
        assertThat(view("agent2", original).conference()).isFalse();
    }

    @Test
    void swapCallsBetweenTheOriginalAndTheConsultation() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        ok("agent2", consult, ANSWER);
        rows();

        with("agent1", original, SWAP_CALLS, consult);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001]",
                "5001 StatusChange Held Consult [5002]");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5001]", "5001 Established hears [5551001]");
        assertThat(hears(consult)).containsExactly("5001 Held hears []", "5002 Established hears []");

        ok("agent1", consult, SWAP_CALLS);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Consult [5002]",
                "5001 StatusChange Held Inbound [5551001]");
        assertThat(hears(original)).containsExactly("5551001 Established hears []", "5001 Held hears []");
        assertThat(hears(consult)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");

        refused("agent1", original, new CallRequest(SWAP_CALLS, null, null, "NO-SUCH-CALL", null, null, null),
                Refusal.INVALID_PARAMETER);
        assertThat(rows()).isEmpty();
    }

    @Test
    void conferenceCompletedFromTheHeldConsultationAfterASwap() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_CONFERENCE, "5002");
        ok("agent2", consult, ANSWER);
        ok("agent1", original, SWAP_CALLS);
        rows();
        assertThat(caps("agent1", consult)).contains(COMPLETE_CONFERENCE, COMPLETE_TRANSFER);

        ok("agent1", consult, COMPLETE_CONFERENCE);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Inbound [5551001, 5002]",
                "5002 StatusChange Established Inbound [5551001, 5001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly(
                "5551001 Established hears [5001, 5002]",
                "5001 Established hears [5551001, 5002]",
                "5002 Established hears [5551001, 5001]");
    }

    @Test
    void transferCompletedFromTheHeldConsultationAfterASwap() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        ok("agent2", consult, ANSWER);
        ok("agent1", original, SWAP_CALLS);
        rows();

        ok("agent1", consult, COMPLETE_TRANSFER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound [5551001, 5002]",
                "5002 StatusChange Established Inbound [5551001]",
                "5001 StatusChange Released Consult []",
                "5002 StatusChange Released Consult []");
        assertThat(hears(original)).containsExactly("5551001 Established hears [5002]", "5002 Established hears [5551001]");
    }

    @Test
    void singleStepConferenceThenRemoveParticipants() {
        logIn("agent1", "agent2", "agent3");
        String call = inboundToAgent1();

        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001, 5001]");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001]",
                "5001 Established hears [5551001]",
                "5002 Ringing hears []");

        ok("agent2", call, ANSWER);
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551001, 5001]");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5002]",
                "5001 Established hears [5551001, 5002]",
                "5002 Established hears [5551001, 5001]");

        to("agent2", call, SINGLE_STEP_CONFERENCE, "5003");
        ok("agent3", call, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5002, 5003]",
                "5002 ParticipantsUpdated Established Inbound [5551001, 5001, 5003]",
                "5003 StatusChange Ringing Inbound [5551001, 5001, 5002]",
                "5003 StatusChange Established Inbound [5551001, 5001, 5002]");

        OutcomeAssertions.assertAccepted(perform("agent1", call, removal("5002")));
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5003]",
                "5002 StatusChange Released Inbound [5551001, 5001, 5003]",
                "5003 ParticipantsUpdated Established Inbound [5551001, 5001]");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5003]",
                "5001 Established hears [5551001, 5003]",
                "5003 Established hears [5551001, 5001]");

        // agent3 is a member, not the owner: GWS lets only the conference's owner remove participants.
        refused("agent3", call, removal(CUSTOMER), Refusal.NOT_IN_CAPABILITIES);
        OutcomeAssertions.assertAccepted(perform("agent1", call, removal(CUSTOMER)));
        // Still Inbound: the call type follows who placed the call.
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5003]",
                "5003 ParticipantsUpdated Established Inbound [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5003]", "5003 Established hears [5001]");
        // Two parties are no conference.
        assertThat(caps("agent1", call)).doesNotContain(REMOVE_PARTICIPANT_FROM_CONFERENCE, CLEAR_CALL);
        refused("agent1", call, removal("5003"), Refusal.NOT_IN_CAPABILITIES);
        assertThat(rows()).isEmpty();
    }

    @Test
    void removingYourselfOrSomeoneNotInTheConferenceIsRefused() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        rows();

        refused("agent1", call, removal("5001"), Refusal.INVALID_PARAMETER);
        refused("agent1", call, removal("5004"), Refusal.NOT_FOUND);
        assertThat(rows()).isEmpty();
        assertThat(hears(call)).hasSize(3);
    }

    @Test
    void singleStepConferenceToAPartyAlreadyInTheCallIsBusy() {
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        ok("agent2", call, ANSWER);
        rows();

        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        assertThat(rows()).containsExactly("5001 CallFailed 56");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void clearCallReleasesEveryone() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        ok("agent2", call, ANSWER);
        rows();

        // Only the conference's owner (agent1, who made it one) may clear it.
        refused("agent2", call, CallRequest.of(CLEAR_CALL), Refusal.NOT_IN_CAPABILITIES);
        ok("agent1", call, CLEAR_CALL);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Inbound []",
                "5002 StatusChange Released Inbound []");
        assertThat(hears(call)).isEmpty();
        assertThat(ended(call)).isTrue();
    }

    @Test
    void theCustomerLeavesAConferenceOfTwoAgents() {
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        ok("agent2", call, ANSWER);
        rows();

        customerHangup(call, CUSTOMER);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5002]",
                "5002 ParticipantsUpdated Established Inbound [5001]");
        assertThat(hears(call)).containsExactly("5001 Established hears [5002]", "5002 Established hears [5001]");
    }

    @Test
    void consultingAPartyAlreadyInTheCallIsBusy() {
        // agent2 is in the conference; a consultation to them cannot ring (completing it would put 5002 in the call
        // twice).
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5002");
        ok("agent2", call, ANSWER);
        rows();

        String consult = to("agent1", call, INITIATE_TRANSFER, "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001, 5002]",
                "5001 StatusChange Released Consult []",
                "5001 CallFailed 56");
        assertThat(ended(consult)).isTrue();
        assertThat(callIds("agent2")).containsExactly(call);
        assertThat(caps("agent2", call)).contains(HOLD, INITIATE_TRANSFER);
    }

    @Test
    void consultingBackThePartyWhoConsultedYouIsBusy() {
        logIn("agent1", "agent2");
        String original = inboundToAgent1();
        String consult = to("agent1", original, INITIATE_TRANSFER, "5002");
        ok("agent2", consult, ANSWER);
        rows();

        String back = to("agent2", consult, INITIATE_TRANSFER, "5001");
        assertThat(rows()).containsExactly(
                "5002 StatusChange Held Consult [5001]",
                "5002 StatusChange Released Consult []",
                "5002 CallFailed 56");
        assertThat(ended(back)).isTrue();
        assertThat(callIds("agent1")).containsExactlyInAnyOrder(original, consult);
    }

    @Test
    void aCallWaitsInOneQueuePlaceOnly() {
        // The call waits in the queue (a single-step conference to the routing point) and a consultation from it waits
        // there too; completing the transfer must not queue the call twice, or a ghost of it outlives the call.
        logIn("agent1", "agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, TestDirectory.ROUTING_POINT);
        // Sent there again while it waits: it keeps its one place.
        to("agent1", call, SINGLE_STEP_CONFERENCE, TestDirectory.QUEUE);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");
        String consult = to("agent1", call, INITIATE_TRANSFER, TestDirectory.QUEUE);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Held Inbound [5551001]",
                "5001 StatusChange Dialing Consult []");

        ok("agent1", call, COMPLETE_TRANSFER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Released Consult []",
                "5001 StatusChange Released Inbound [5551001]");
        assertThat(ended(consult)).isTrue();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");

        customerHangup(call, CUSTOMER);
        assertThat(ended(call)).isTrue();
        assertThat(harness.await(sw().liveCalls())).isEmpty();

        state("agent2", AgentState.READY);
        assertThat(rows()).containsExactly("5002 AGENT_STATE READY");
        assertThat(sw().callsOf(user("agent2"))).isEmpty();
    }

    @Test
    void aCallQueuedAgainWhileOfferedReturnsToTheHeadOnce() {
        logIn("agent1", "agent2", "agent3");
        ready("agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, TestDirectory.ROUTING_POINT);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001, 5001]");
        // Sent to the queue again while agent2's offer rings: it waits (nobody else is Ready).
        to("agent1", call, SINGLE_STEP_CONFERENCE, TestDirectory.QUEUE);
        assertThat(rows()).isEmpty();
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");

        advance(15);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001]",
                "5002 StatusChange Released Inbound [5551001, 5001]",
                "5002 AGENT_STATE NOT_READY");
        ready("agent3");
        assertThat(callIds("agent3")).containsExactly(call);
        assertThat(sw().call(call).orElseThrow().waitingAt()).isNull();
        // Answered first: rejecting a ringing offer would send the caller back to the queue.
        ok("agent3", call, ANSWER);
        ok("agent3", call, HANGUP);
        ok("agent1", call, HANGUP);
        assertThat(ended(call)).isTrue();
        // Nothing of the call is left in the queue.
        ready("agent2");
        assertThat(sw().callsOf(user("agent2"))).isEmpty();
    }

    @Test
    void anotherPartyAnsweringDoesNotStopAQueueOffersRingNoAnswer() {
        logIn("agent1", "agent2", "agent3");
        ready("agent2");
        String call = inboundToAgent1();
        to("agent1", call, SINGLE_STEP_CONFERENCE, TestDirectory.ROUTING_POINT);
        to("agent1", call, SINGLE_STEP_CONFERENCE, "5003");
        ok("agent3", call, ANSWER);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5002]",
                "5002 StatusChange Ringing Inbound [5551001, 5001]",
                "5001 ParticipantsUpdated Established Inbound [5551001, 5002, 5003]",
                "5002 ParticipantsUpdated Ringing Inbound [5551001, 5001, 5003]",
                "5003 StatusChange Ringing Inbound [5551001, 5001, 5002]",
                "5003 StatusChange Established Inbound [5551001, 5001, 5002]");

        advance(15);
        assertThat(rows()).containsExactly(
                "5001 ParticipantsUpdated Established Inbound [5551001, 5003]",
                "5002 StatusChange Released Inbound [5551001, 5001, 5003]",
                "5003 ParticipantsUpdated Established Inbound [5551001, 5001]",
                "5002 AGENT_STATE NOT_READY");
        assertThat(sw().call(call).orElseThrow().waitingAt()).isEqualTo("8000");
        assertThat(hears(call)).containsExactly(
                "5551001 Established hears [5001, 5003]",
                "5001 Established hears [5551001, 5003]",
                "5003 Established hears [5551001, 5001]");
    }

    private static CallRequest removal(String participant) {
        return new CallRequest(REMOVE_PARTICIPANT_FROM_CONFERENCE, null, null, null, null, null, participant);
    }
}
