package dev.switchboard.server.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.testing.TestDirectory;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

class BotAgentsTest {
    private static final String CUSTOMER = "5551234";

    private SimHarness harness;
    private BotAgents bots;

    @AfterEach
    void tearDown() {
        bots.close();
        harness.close();
    }

    private void start(int botCount, int wrapUpSeconds, Duration answerDelay, Duration maxTalkTime) {
        harness = new SimHarness(botCount, wrapUpSeconds);
        List<String> names = botCount == 1 ? List.of("bot1") : List.of("bot1", "bot2");
        bots = new BotAgents(harness.contactCenter, harness.scheduler, names, answerDelay, maxTalkTime);
        harness.consumeWith(bots);
        bots.start();
        harness.settle();
    }

    private String customerCalls() {
        return harness.accepted(harness.voiceSwitch.customerCall(CUSTOMER, TestDirectory.ROUTING_POINT, Map.of()));
    }

    private static String botAt(CallSnapshot call) {
        return call.parties().stream().filter(p -> !p.external() && p.state().isActive()).map(CallSnapshot.Party::number)
                .findFirst().orElseThrow();
    }

    @Test
    void botsLogInOnTheirPlacesAndGoReady() {
        start(2, 0, BotAgents.DEFAULT_ANSWER_DELAY, BotAgents.DEFAULT_MAX_TALK_TIME);

        assertThat(bots.users()).extracting(u -> u.userName()).containsExactly("bot1", "bot2");
        assertThat(harness.device("5101").userId()).isEqualTo(TestDirectory.userId("bot1"));
        assertThat(harness.device("5101").agentState()).isEqualTo(AgentState.READY);
        assertThat(harness.device("5102").agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void unknownBotsAreSkipped() {
        harness = new SimHarness(1, 0);
        bots = new BotAgents(harness.contactCenter, harness.scheduler, List.of("bot1", "nobody", "admin"),
                BotAgents.DEFAULT_ANSWER_DELAY, BotAgents.DEFAULT_MAX_TALK_TIME);

        assertThat(bots.users()).extracting(u -> u.userName()).containsExactly("bot1");
    }

    @Test
    void aBotAnswersAfterItsDelayAndIsReadyAgainAfterTheWrapUp() {
        start(1, 5, BotAgents.DEFAULT_ANSWER_DELAY, BotAgents.DEFAULT_MAX_TALK_TIME);
        String callId = customerCalls();
        assertThat(harness.call(callId).party("5101").orElseThrow().state()).isEqualTo(PartyState.RINGING);

        harness.advance(Duration.ofMillis(1999));
        assertThat(harness.call(callId).party("5101").orElseThrow().state()).isEqualTo(PartyState.RINGING);
        harness.advance(Duration.ofMillis(1));
        CallSnapshot call = harness.call(callId);
        assertThat(call.party("5101").orElseThrow().state()).isEqualTo(PartyState.ESTABLISHED);
        assertThat(call.party(CUSTOMER).orElseThrow().hears()).containsExactly("5101");

        harness.advance(Duration.ofSeconds(20));
        harness.accepted(harness.voiceSwitch.customerHangup(callId, CUSTOMER));
        assertThat(harness.call(callId).ended()).isTrue();
        assertThat(harness.device("5101").agentState()).isEqualTo(AgentState.AFTER_CALL_WORK);

        harness.advance(Duration.ofSeconds(5));
        assertThat(harness.device("5101").agentState()).isEqualTo(AgentState.READY);
        assertThat(harness.callsOf("bot1")).isEmpty();

        // Ready again means offered again: the next caller rings at the bot.
        String next = harness.accepted(harness.voiceSwitch.customerCall("5554321", TestDirectory.ROUTING_POINT, Map.of()));
        harness.advance(Duration.ofSeconds(2));
        assertThat(harness.call(next).party("5101").orElseThrow().state()).isEqualTo(PartyState.ESTABLISHED);
    }

    @Test
    void aBotHangsUpAfterItsLongestTalk() {
        start(2, 0, Duration.ofSeconds(2), Duration.ofSeconds(90));
        String callId = customerCalls();
        harness.advance(Duration.ofSeconds(2));
        String bot = botAt(harness.call(callId));
        assertThat(harness.call(callId).party(bot).orElseThrow().state()).isEqualTo(PartyState.ESTABLISHED);

        harness.advance(Duration.ofMillis(89_900));
        assertThat(harness.call(callId).ended()).isFalse();
        harness.advance(Duration.ofMillis(100));
        assertThat(harness.call(callId).ended()).isTrue();
        assertThat(harness.device(bot).agentState()).isEqualTo(AgentState.READY);
    }

    @Test
    void aBotMadeNotReadyByRingNoAnswerGoesReadyAgain() {
        // The bot is slower than the queue's 15 s ring-no-answer: the switch takes the call back and sets it NotReady.
        start(1, 0, Duration.ofSeconds(20), BotAgents.DEFAULT_MAX_TALK_TIME);
        String callId = customerCalls();

        harness.advance(Duration.ofSeconds(15));
        assertThat(harness.call(callId).waitingAt()).isEqualTo(TestDirectory.QUEUE);
        assertThat(harness.device("5101").agentState()).isEqualTo(AgentState.NOT_READY);
        int seen = harness.agentStates("5101").size();

        // Within its answer delay the bot is Ready again, and the queue offers it the call once more.
        harness.advance(Duration.ofSeconds(20));
        assertThat(harness.agentStates("5101").subList(seen, harness.agentStates("5101").size())).contains(AgentState.READY);
        List<CallSnapshot> history = harness.callChanges().stream().filter(c -> c.id().equals(callId)).toList();
        int requeued = history.indexOf(history.stream().filter(c -> c.waitingAt() != null).findFirst().orElseThrow());
        assertThat(history.subList(requeued, history.size())).anySatisfy(c -> assertThat(c.party("5101")).isPresent());
    }

    @Test
    void closedBotsDoNothingMore() {
        start(1, 0, BotAgents.DEFAULT_ANSWER_DELAY, BotAgents.DEFAULT_MAX_TALK_TIME);
        String callId = customerCalls();
        bots.close();

        harness.advance(Duration.ofSeconds(5));
        assertThat(harness.call(callId).party("5101").orElseThrow().state()).isEqualTo(PartyState.RINGING);
    }
}
