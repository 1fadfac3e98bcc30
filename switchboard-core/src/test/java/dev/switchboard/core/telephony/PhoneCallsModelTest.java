package dev.switchboard.core.telephony;

import static dev.switchboard.core.command.CallOperation.COMPLETE_TRANSFER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.command.Outcome.Refusal;
import dev.switchboard.core.endpoint.Origination;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.testing.OutcomeAssertions;
import dev.switchboard.core.view.PhoneState;

/**
 * Calls that phones and trunks bring to the switch ({@link Origination}), the device's own phone called first for a
 * desktop Dial, a party that moves between calls keeping its leg, and registrations as the device's phone state.
 */
class PhoneCallsModelTest extends CallModelSupport {
    private final FakeEndpoint phone = new FakeEndpoint();

    @Test
    void aTrunkCallerIsConnectedWhenTheAgentsPhoneAnswers() {
        useEndpoints(phone.serving("5002"));
        logIn("agent2");
        Outcome placed = harness.await(sw().externalCall("5551234", "5002", Map.of(), new Origination("trunk-1", phone)));
        String call = idOf(placed);
        assertThat(rows()).containsExactly("5002 StatusChange Ringing Inbound [5551234]");
        assertThat(phone.take()).containsExactly("offer 5002", "media 5551234<[] 5002<[]");

        OutcomeAssertions.assertAccepted(harness.await(sw().legAnswered(phone.legOf("5002"))));
        assertThat(rows()).containsExactly("5002 StatusChange Established Inbound [5551234]");
        assertThat(phone.take()).as("the caller's own leg is answered when the call is").containsExactly(
                "connected 5551234 trunk-1", "media 5551234<[5002] 5002<[5551234]");
        assertThat(hears(call)).containsExactly("5551234 Established hears [5002]", "5002 Established hears [5551234]");

        OutcomeAssertions.assertAccepted(harness.await(sw().legReleased("trunk-1", ReleaseCause.NORMAL)));
        assertThat(rows()).containsExactly("5002 StatusChange Released Inbound []");
        assertThat(phone.take()).containsExactly("release 5002 NORMAL", "media");
    }

    @Test
    void aCallPlacedOnAPhoneIsTheDevicesCallAndOnlyTheDestinationIsOffered() {
        useEndpoints(phone.serving("5001", "5002"));
        logIn("agent1", "agent2");
        String call = idOf(harness.await(sw().phoneCall("5001", "5002", new Origination("sip-1", phone))));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]");
        assertThat(phone.take()).containsExactly("offer 5002", "media 5001<[] 5002<[]");

        harness.await(sw().legAnswered(phone.legOf("5002")));
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]");
        assertThat(phone.take()).containsExactly("connected 5001 sip-1", "media 5001<[5002] 5002<[5001]");
        assertThat(ended(call)).isFalse();
    }

    @Test
    void aCallPlacedOnAPhoneToABusyDeviceIsRefusedAndNeverWas() {
        useEndpoints(phone.serving("5001"));
        logIn("agent1", "agent2");
        harness.await(sw().setDoNotDisturb(user("agent2"), deviceId("agent2"), true));
        rows();
        Outcome refused = harness.await(sw().phoneCall("5001", "5002", new Origination("sip-2", phone)));
        OutcomeAssertions.assertRefused(refused, Refusal.IN_USE);
        assertThat(rows()).as("a refused command changed nothing").isEmpty();
        assertThat(phone.take()).as("the phone hears the refusal, nothing else").isEmpty();
        assertThat(callIds("agent1")).isEmpty();
        OutcomeAssertions.assertRefused(harness.await(sw().legReleased("sip-2", ReleaseCause.NORMAL)), Refusal.NOT_FOUND);
    }

    @Test
    void aDialFromTheDesktopCallsTheDevicesOwnPhoneFirstAndItsAnswerChangesNothingVisible() {
        useEndpoints(phone.serving("5001"));
        logIn("agent1", "agent2");
        String call = dial("agent1", "5002");
        assertThat(rows()).containsExactly(
                "5001 StatusChange Dialing Internal [5002]",
                "5002 StatusChange Ringing Internal [5001]");
        assertThat(phone.take()).containsExactly("offer 5001", "media 5001<[] 5002<[]");
        OutcomeAssertions.assertAccepted(harness.await(sw().legAnswered(phone.legOf("5001"))));
        assertThat(rows()).as("the phone picked up: the call still waits for its destination").isEmpty();
        ok("agent2", call, CallOperation.ANSWER);
        assertThat(rows()).containsExactly(
                "5001 StatusChange Established Internal [5002]",
                "5002 StatusChange Established Internal [5001]");
    }

    @Test
    void aPartyMovingIntoTheOriginalCallKeepsItsLeg() {
        useEndpoints(phone.serving("5003"));
        logIn("agent1", "agent2", "agent3");
        String call = dial("agent1", "5002");
        ok("agent2", call, CallOperation.ANSWER);
        String consult = to("agent2", call, CallOperation.INITIATE_TRANSFER, "5003");
        String leg = phone.legOf("5003");
        harness.await(sw().legAnswered(leg));
        rows();
        phone.take();

        with("agent2", consult, COMPLETE_TRANSFER, call);
        assertThat(phone.take()).as("no new offer, no release: the same leg, now in the original call").noneMatch(
                request -> request.startsWith("offer") || request.startsWith("release"));
        assertThat(hears(call)).containsExactly("5001 Established hears [5003]", "5003 Established hears [5001]");
        OutcomeAssertions.assertAccepted(harness.await(sw().legDtmf(leg, "1")));
    }

    @Test
    void digitsFromAPhoneGoOnToTheOtherPartysEndpoint() {
        useEndpoints(phone.serving("5002", "5003"));
        logIn("agent2", "agent3");
        dial("agent2", "5003");
        harness.await(sw().legAnswered(phone.legOf("5002")));
        String leg = phone.legOf("5003");
        harness.await(sw().legAnswered(leg));
        rows();
        phone.take();
        OutcomeAssertions.assertAccepted(harness.await(sw().legDtmf(leg, "1")));
        assertThat(rows()).as("as if agent3 sent them").containsExactly("5003 DtmfSent Established Internal [5002] 1");
        assertThat(phone.take()).as("the other party's endpoint gets them (a browser hears tones)").containsExactly("dtmf 5002 1");
    }

    private String deviceId(String name) {
        return harness.directory().dnsOf(harness.place(user(name).defaultPlace())).get(0).id();
    }

    @Test
    void registrationsAreTheDevicesPhoneState() {
        logIn("agent1");
        String device = deviceId("agent1");
        assertThat(sw().device(device).orElseThrow().phone()).isEqualTo(PhoneState.NONE);
        OutcomeAssertions.assertAccepted(harness.await(sw().phoneRegistration("5001", true)));
        assertThat(sw().device(device).orElseThrow().phone()).isEqualTo(PhoneState.REGISTERED);
        OutcomeAssertions.assertAccepted(harness.await(sw().phoneRegistration("5001", false)));
        assertThat(sw().device(device).orElseThrow().phone()).isEqualTo(PhoneState.UNREGISTERED);
        assertThat(PhoneState.UNREGISTERED.deviceState()).isEqualTo("Inactive");
        OutcomeAssertions.assertRefused(harness.await(sw().phoneRegistration("9999", true)), Refusal.NOT_FOUND);
    }
}
