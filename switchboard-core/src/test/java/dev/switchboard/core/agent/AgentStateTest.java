package dev.switchboard.core.agent;

import static dev.switchboard.core.agent.AgentState.AFTER_CALL_WORK;
import static dev.switchboard.core.agent.AgentState.AUX_WORK;
import static dev.switchboard.core.agent.AgentState.LOGGED_OUT;
import static dev.switchboard.core.agent.AgentState.NOT_READY;
import static dev.switchboard.core.agent.AgentState.READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every agent state transition from every state: the legal ones and their result, the rest throw. */
class AgentStateTest {
    /** Marks a transition that must throw {@link IllegalStateException}. */
    private static final AgentState ILLEGAL = null;

    enum Transition {
        LOGIN(AgentState::onLogin),
        LOGOUT(AgentState::onLogout),
        READY(AgentState::onReady),
        NOT_READY(AgentState::onNotReady),
        AFTER_CALL_WORK(AgentState::onAfterCallWork),
        AUX_WORK(AgentState::onAuxWork),
        WRAP_UP_ELAPSED(AgentState::onWrapUpElapsed);

        private final UnaryOperator<AgentState> apply;

        Transition(UnaryOperator<AgentState> apply) {
            this.apply = apply;
        }
    }

    static List<Arguments> table() {
        return List.of(
                // from LOGGED_OUT only login is legal
                arguments(LOGGED_OUT, Transition.LOGIN, NOT_READY),
                arguments(LOGGED_OUT, Transition.LOGOUT, ILLEGAL),
                arguments(LOGGED_OUT, Transition.READY, ILLEGAL),
                arguments(LOGGED_OUT, Transition.NOT_READY, ILLEGAL),
                arguments(LOGGED_OUT, Transition.AFTER_CALL_WORK, ILLEGAL),
                arguments(LOGGED_OUT, Transition.AUX_WORK, ILLEGAL),
                arguments(LOGGED_OUT, Transition.WRAP_UP_ELAPSED, ILLEGAL),

                arguments(NOT_READY, Transition.LOGIN, ILLEGAL),
                arguments(NOT_READY, Transition.LOGOUT, LOGGED_OUT),
                arguments(NOT_READY, Transition.READY, READY),
                arguments(NOT_READY, Transition.NOT_READY, NOT_READY),
                arguments(NOT_READY, Transition.AFTER_CALL_WORK, AFTER_CALL_WORK),
                arguments(NOT_READY, Transition.AUX_WORK, AUX_WORK),
                arguments(NOT_READY, Transition.WRAP_UP_ELAPSED, ILLEGAL),

                arguments(READY, Transition.LOGIN, ILLEGAL),
                arguments(READY, Transition.LOGOUT, LOGGED_OUT),
                arguments(READY, Transition.READY, READY),
                arguments(READY, Transition.NOT_READY, NOT_READY),
                arguments(READY, Transition.AFTER_CALL_WORK, AFTER_CALL_WORK),
                arguments(READY, Transition.AUX_WORK, AUX_WORK),
                arguments(READY, Transition.WRAP_UP_ELAPSED, ILLEGAL),

                arguments(AFTER_CALL_WORK, Transition.LOGIN, ILLEGAL),
                arguments(AFTER_CALL_WORK, Transition.LOGOUT, LOGGED_OUT),
                arguments(AFTER_CALL_WORK, Transition.READY, READY),
                arguments(AFTER_CALL_WORK, Transition.NOT_READY, NOT_READY),
                arguments(AFTER_CALL_WORK, Transition.AFTER_CALL_WORK, AFTER_CALL_WORK),
                arguments(AFTER_CALL_WORK, Transition.AUX_WORK, AUX_WORK),
                arguments(AFTER_CALL_WORK, Transition.WRAP_UP_ELAPSED, READY),

                arguments(AUX_WORK, Transition.LOGIN, ILLEGAL),
                arguments(AUX_WORK, Transition.LOGOUT, LOGGED_OUT),
                arguments(AUX_WORK, Transition.READY, READY),
                arguments(AUX_WORK, Transition.NOT_READY, NOT_READY),
                arguments(AUX_WORK, Transition.AFTER_CALL_WORK, AFTER_CALL_WORK),
                arguments(AUX_WORK, Transition.AUX_WORK, AUX_WORK),
                arguments(AUX_WORK, Transition.WRAP_UP_ELAPSED, ILLEGAL));
    }

    @ParameterizedTest(name = "{0} --{1}--> {2}")
    @MethodSource("table")
    void transition(AgentState from, Transition transition, AgentState expected) {
        if (expected == ILLEGAL) {
            assertThatThrownBy(() -> transition.apply.apply(from)).isInstanceOf(IllegalStateException.class);
        } else {
            assertThat(transition.apply.apply(from)).isEqualTo(expected);
        }
    }

    @Test
    void tableCoversEveryStateAndTransitionOnce() {
        List<List<Object>> pairs = table().stream().map(row -> List.of(row.get()[0], row.get()[1])).toList();

        assertThat(pairs).doesNotHaveDuplicates().hasSize(AgentState.values().length * Transition.values().length);
    }

    @ParameterizedTest
    @EnumSource(AgentState.class)
    void onlyLoggedOutIsNotLoggedIn(AgentState state) {
        assertThat(state.isLoggedIn()).isEqualTo(state != LOGGED_OUT);
    }

    @Test
    void requestCannotAskForLoggedOutOrNothing() {
        assertThatThrownBy(() -> AgentStateRequest.of(LOGGED_OUT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AgentStateRequest(null, null, Duration.ZERO)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void readyWorkModesHaveTheirGwsNames() {
        assertThat(ReadyWorkMode.fromWireName("ManualIn")).isEqualTo(ReadyWorkMode.MANUAL_IN);
        assertThat(ReadyWorkMode.fromWireName("AutoIn")).isEqualTo(ReadyWorkMode.AUTO_IN);
        assertThat(ReadyWorkMode.fromWireName("autoin")).isNull();
    }
}
