package dev.switchboard.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

/**
 * The operations the switch benchmark measures, run for real a few times: they succeed, end their calls, leave the
 * agents Ready and publish the events a GWS client would get. (The benchmark itself runs from the JMH jar only.)
 */
class SwitchRigTest {

    @Test
    void acdCallsGoToTheReadyAgentsAndEnd() {
        try (SwitchRig rig = new SwitchRig(3)) {
            assertThat(rig.events().deviceStateChanges()).isEqualTo(6); // login and Ready for each agent
            long before = rig.events().callStateChanges();
            Set<String> answeredBy = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                String callId = rig.acdCall("5551000");
                CallSnapshot call = rig.voiceSwitch().call(callId).orElseThrow();
                assertThat(call.ended()).isTrue();
                assertThat(call.dnis()).isEqualTo("7000");
                call.parties().stream().filter(p -> !p.external()).forEach(p -> answeredBy.add(p.number()));
            }
            // Ringing, Established and Released at the agent, per call; no agent-state change (no wrap-up).
            assertThat(rig.events().callStateChanges() - before).isEqualTo(6 * 3);
            assertThat(rig.events().deviceStateChanges()).isEqualTo(6);
            assertThat(answeredBy).isSubsetOf("10001", "10002", "10003").isNotEmpty();
            assertThat(rig.liveCalls()).isEmpty();
            for (int n = 1; n <= 3; n++) {
                assertThat(rig.voiceSwitch().devicesOf(rig.agent(n)).get(0).agentState()).isEqualTo(AgentState.READY);
            }
        }
    }

    @Test
    void pipelinedAcdCallsRunTogetherAndEnd() {
        try (SwitchRig rig = new SwitchRig(SwitchBenchmark.PIPELINED)) {
            long before = rig.events().callStateChanges();
            for (int round = 0; round < 3; round++) {
                List<CompletableFuture<String>> cycles = new ArrayList<>();
                for (int k = 0; k < SwitchBenchmark.PIPELINED; k++) {
                    cycles.add(rig.acdCallAsync("556000" + k));
                }
                SwitchRig.awaitAll(cycles);
                Set<String> ids = new HashSet<>();
                for (CompletableFuture<String> cycle : cycles) {
                    String callId = cycle.join();
                    ids.add(callId);
                    assertThat(rig.voiceSwitch().call(callId).orElseThrow().ended()).isTrue();
                }
                assertThat(ids).hasSize(SwitchBenchmark.PIPELINED);
            }
            assertThat(rig.events().callStateChanges() - before).isEqualTo(3 * SwitchBenchmark.PIPELINED * 3);
            assertThat(rig.liveCalls()).isEmpty();
        }
    }

    @Test
    void internalCallsEnd() {
        try (SwitchRig rig = new SwitchRig(2)) {
            long before = rig.events().callStateChanges();
            for (int i = 0; i < 5; i++) {
                String callId = rig.internalCall(1, 2);
                CallSnapshot call = rig.voiceSwitch().call(callId).orElseThrow();
                assertThat(call.ended()).isTrue();
                assertThat(call.parties()).extracting(CallSnapshot.Party::number).containsExactly("10001", "10002");
                assertThat(call.parties()).extracting(CallSnapshot.Party::state).containsOnly(PartyState.RELEASED);
            }
            // Dialing and Ringing, Established twice, Released twice, per call.
            assertThat(rig.events().callStateChanges() - before).isEqualTo(5 * 6);
            assertThat(rig.liveCalls()).isEmpty();
        }
    }

    @Test
    void moreCallersThanReadyAgentsFailLoudly() {
        try (SwitchRig rig = new SwitchRig(1)) {
            rig.voiceSwitch().customerCall("5559999", "7000", Map.of()).join();
            // The only agent is ringing for another caller: this call waits in the queue.
            assertThatThrownBy(() -> rig.acdCall("5551000")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rings at no agent");
        }
    }

    @Test
    void theBenchmarksAreCompiledIntoTheJmhList() throws IOException {
        try (InputStream list = SwitchBenchmark.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertThat(list).as("META-INF/BenchmarkList, written by the JMH annotation processor").isNotNull();
            String benchmarks = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(benchmarks).contains("SwitchBenchmark_acdCall_jmhTest", "SwitchBenchmark_acdCallTime_jmhTest",
                    "SwitchBenchmark_internalCall_jmhTest", "SwitchBenchmark_internalCallTime_jmhTest",
                    "SwitchBenchmark_acdCallPipelined_jmhTest");
        }
    }
}
