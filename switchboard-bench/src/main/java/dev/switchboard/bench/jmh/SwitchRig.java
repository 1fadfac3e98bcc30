package dev.switchboard.bench.jmh;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.bench.model.BenchDirectory;
import dev.switchboard.core.agent.AgentState;
import dev.switchboard.core.agent.AgentStateRequest;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.time.ScheduledTimers;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.PartyState;

/**
 * The switch alone, set up as the server sets it up but without I/O: a {@link BenchDirectory} of {@code agents}
 * agents, a {@link Switch} on a real {@link SwitchExecutor} (its own thread) with real-time {@link ScheduledTimers},
 * and a {@link CountingEventSink}. Every agent is logged in on their place and Ready.
 *
 * <p>The operations are what a benchmark runs, each a sequence of commands submitted to the switch thread and awaited
 * one after the other, like REST requests of one client: {@link #acdCall(String)} and {@link #internalCall}
 * ({@link #acdCallAsync} chains the commands on the switch thread instead). They
 * check every outcome and throw {@link IllegalStateException} when the switch refuses, so that a broken benchmark
 * fails instead of measuring refusals. Any number of threads may run them, as long as each thread uses its own
 * customer number and its own agents for internal calls, and there are at least as many agents as threads placing
 * ACD calls (or a call would wait in the queue).
 */
public final class SwitchRig implements AutoCloseable {
    /** The longest any command may take before the rig gives up. */
    public static final long TIMEOUT_SECONDS = 10;

    private static final CallRequest ANSWER = CallRequest.of(CallOperation.ANSWER);
    private static final CallRequest HANGUP = CallRequest.of(CallOperation.HANGUP);

    private final Directory directory;
    private final CountingEventSink events = new CountingEventSink();
    private final ScheduledThreadPoolExecutor scheduler;
    private final SwitchExecutor executor;
    private final Switch voiceSwitch;
    private final User[] agents;
    private final String[] agentDevices;
    private final Map<String, User> usersByNumber = new HashMap<>();

    /** Builds the switch and logs {@code agentCount} agents in, Ready. */
    public SwitchRig(int agentCount) {
        if (agentCount < 1) {
            throw new IllegalArgumentException("At least one agent, not " + agentCount);
        }
        this.directory = BenchDirectory.build(agentCount, 0);
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "bench-switch-timers");
            thread.setDaemon(true);
            return thread;
        });
        // Every answered offer cancels its ring-no-answer timer: drop it from the queue at once, or a fast benchmark
        // piles up cancelled timers until their 15 s run out.
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.executor = new SwitchExecutor(BenchDirectory.ENVIRONMENT);
        this.voiceSwitch = new Switch(directory.environmentByName(BenchDirectory.ENVIRONMENT).orElseThrow(), directory, executor,
                Clock.systemUTC(), new ScheduledTimers(scheduler, executor), events);
        this.agents = new User[agentCount];
        this.agentDevices = new String[agentCount];
        try {
            for (int n = 1; n <= agentCount; n++) {
                User agent = directory.userByName(BenchDirectory.agentName(n)).orElseThrow();
                String number = BenchDirectory.agentNumber(n);
                Dn dn = directory.dnByNumber(BenchDirectory.ENVIRONMENT, number).orElseThrow();
                agents[n - 1] = agent;
                agentDevices[n - 1] = dn.id();
                usersByNumber.put(number, agent);
                expectAccepted(voiceSwitch.startSession(agent, directory.placeByName(BenchDirectory.placeName(number)).orElseThrow()),
                        "log in " + agent.userName());
                expectAccepted(voiceSwitch.changeAgentState(agent, AgentStateRequest.of(AgentState.READY)), "make " + agent.userName()
                        + " Ready");
            }
        } catch (RuntimeException failed) {
            close();
            throw failed;
        }
    }

    public Directory directory() {
        return directory;
    }

    public Switch voiceSwitch() {
        return voiceSwitch;
    }

    public CountingEventSink events() {
        return events;
    }

    /** How many agents are logged in. */
    public int agentCount() {
        return agents.length;
    }

    /** Agent {@code n}, 1-based. */
    public User agent(int n) {
        return agents[n - 1];
    }

    /**
     * One full ACD cycle: {@code customer} calls routing point {@value BenchDirectory#ROUTING_POINT}, the queue offers the
     * call to the longest-idle Ready agent, that agent answers, and the customer hangs up. The agent is Ready again
     * afterwards (no wrap-up).
     *
     * @return the id of the call, which has ended
     */
    public String acdCall(String customer) {
        String callId = expectAccepted(voiceSwitch.customerCall(customer, BenchDirectory.ROUTING_POINT, Map.of()), "place a call")
                .id();
        User agent = offeredAgent(callId);
        expectAccepted(voiceSwitch.callOperation(agent, callId, ANSWER), "answer");
        expectAccepted(voiceSwitch.customerHangup(callId, customer), "hang up as the customer");
        return callId;
    }

    /**
     * The same ACD cycle as {@link #acdCall}, each command submitted as soon as the previous one completed, from the
     * switch thread itself: no thread waits between the commands, so many cycles in flight keep the switch thread busy
     * and their rate is what the switch alone can do. Each cycle needs its own customer number and a Ready agent.
     *
     * @return the id of the call, once it has ended
     */
    public CompletableFuture<String> acdCallAsync(String customer) {
        return voiceSwitch.customerCall(customer, BenchDirectory.ROUTING_POINT, Map.of()).thenCompose(placed -> {
            String callId = accepted(placed, "place a call").id();
            User agent = offeredAgent(callId);
            return voiceSwitch.callOperation(agent, callId, ANSWER)
                    .thenCompose(answered -> {
                        accepted(answered, "answer");
                        return voiceSwitch.customerHangup(callId, customer);
                    })
                    .thenApply(hungUp -> {
                        accepted(hungUp, "hang up as the customer");
                        return callId;
                    });
        });
    }

    /** Waits for every cycle of {@link #acdCallAsync} (at most {@link #TIMEOUT_SECONDS} each); throws if one failed. */
    public static void awaitAll(List<CompletableFuture<String>> cycles) {
        for (CompletableFuture<String> cycle : cycles) {
            await(cycle);
        }
    }

    /**
     * One internal call: agent {@code from} (1-based) dials agent {@code to}'s extension, {@code to} answers, and
     * {@code from} hangs up.
     *
     * @return the id of the call, which has ended
     */
    public String internalCall(int from, int to) {
        User caller = agents[from - 1];
        User callee = agents[to - 1];
        String callId = expectAccepted(voiceSwitch.dial(caller, agentDevices[from - 1], BenchDirectory.agentNumber(to), Map.of()),
                "dial").id();
        expectAccepted(voiceSwitch.callOperation(callee, callId, ANSWER), "answer");
        expectAccepted(voiceSwitch.callOperation(caller, callId, HANGUP), "hang up");
        return callId;
    }

    /** Every live call, read on the switch thread: empty between operations when every call ended. */
    public List<CallSnapshot> liveCalls() {
        return await(voiceSwitch.liveCalls());
    }

    /** The agent a call is ringing at (read from the switch's published snapshot of the call). */
    private User offeredAgent(String callId) {
        CallSnapshot call = voiceSwitch.call(callId).orElseThrow(() -> new IllegalStateException("No call " + callId));
        for (CallSnapshot.Party party : call.parties()) {
            if (!party.external() && party.state() == PartyState.RINGING) {
                User agent = usersByNumber.get(party.number());
                if (agent != null) {
                    return agent;
                }
            }
        }
        throw new IllegalStateException("Call " + callId + " rings at no agent (waiting at " + call.waitingAt() + "): are there fewer "
                + "Ready agents than threads?");
    }

    private static Outcome.Accepted expectAccepted(CompletableFuture<Outcome> command, String what) {
        return accepted(await(command), what);
    }

    private static Outcome.Accepted accepted(Outcome outcome, String what) {
        if (outcome instanceof Outcome.Accepted accepted) {
            return accepted;
        }
        throw new IllegalStateException("The switch refused to " + what + ": " + outcome);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the switch", interrupted);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("The switch command failed", failed.getCause());
        } catch (TimeoutException slow) {
            throw new IllegalStateException("The switch did not answer within " + TIMEOUT_SECONDS + " s", slow);
        }
    }

    @Override
    public void close() {
        executor.close();
        scheduler.shutdownNow();
    }
}
