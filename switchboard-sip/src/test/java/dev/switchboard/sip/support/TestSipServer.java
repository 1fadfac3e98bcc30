package dev.switchboard.sip.support;

import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.CallParty;
import dev.switchboard.sip.RegistrationListener;
import dev.switchboard.sip.SipCredential;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.SipServer;
import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.SipStats;
import dev.switchboard.sip.Trunk;
import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.SessionDescription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Assertions;

/**
 * A SIP server on 127.0.0.1 and a free port with a test upper layer: DNs 5001..5020 with password {@code password},
 * a trunk from 127.0.0.1 (unless configured otherwise), short transaction timers so that completed transactions are
 * gone in about 3 s, and a UAS that answers every call at once, except number {@code 7100} (rings only) and
 * {@code 7486} (busy).
 */
public final class TestSipServer implements AutoCloseable {

    public static final String RING_ONLY = "7100";
    public static final String BUSY = "7486";

    public final LegEvents events = new LegEvents();
    public final List<String> registrations = new CopyOnWriteArrayList<>();
    public final List<SipLeg> incoming = new CopyOnWriteArrayList<>();
    public final List<String> callers = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextRtpPort = new AtomicInteger(40_000);
    private final SipServer server;

    private TestSipServer(SipServerConfig config, Clock clock) throws Exception {
        server = SipServer.builder(config)
                .credentials(user -> user.matches("50(0[1-9]|1[0-9]|20)") ? Optional.of(SipCredential.password("password"))
                        : Optional.empty())
                .numberPlan(number -> !number.equals("404"))
                .registrations(new RegistrationListener() {
                    @Override
                    public void registered(String aor) {
                        registrations.add("registered " + aor);
                    }

                    @Override
                    public void unregistered(String aor) {
                        registrations.add("unregistered " + aor);
                    }
                })
                .incomingCalls(this::incoming)
                .clock(clock)
                .build();
        server.start();
    }

    public static TestSipServer start() throws Exception {
        return start(UnaryOperator.identity(), Clock.systemUTC());
    }

    public static TestSipServer start(UnaryOperator<SipServerConfig> tweak, Clock clock) throws Exception {
        SipServerConfig config = SipServerConfig.of("127.0.0.1", 0)
                .withTrunks(List.of(new Trunk("test", List.of("127.0.0.1"), null)))
                .withTimers(50, 500, 1);
        return new TestSipServer(tweak.apply(config), clock);
    }

    private void incoming(SipLeg leg, CallParty from, CallParty to, SessionDescription offer) {
        incoming.add(leg);
        callers.add(leg.direction() + " " + from.user() + " -> " + to.user());
        leg.listen(events);
        switch (to.user()) {
            case RING_ONLY:
                leg.ringing();
                break;
            case BUSY:
                leg.reject(486);
                break;
            default:
                leg.ringing();
                leg.answer(localMedia());
                break;
        }
    }

    public LocalMedia localMedia() {
        return new LocalMedia("127.0.0.1", nextRtpPort.getAndAdd(2));
    }

    public SipServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public String uri(String user) {
        return "sip:" + user + "@127.0.0.1:" + port();
    }

    /** Waits until no dialog, transaction, leg or pinned route is left, and no handler ever failed. */
    public void assertDrained() {
        await("SIP state drained").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> Assertions.assertThat(server.stats()).as(this::clientTransactions)
                        .matches(SipStats::isIdle, "idle"));
        SipStats stats = server.stats();
        Assertions.assertThat(stats.handlerFailures()).as("handler failures").isZero();
    }

    /**
     * Like {@link #assertDrained()}, but allows our one INVITE client transaction that ended in an error: it lingers
     * for Timer D, 32 s by RFC 3261 §17.1.1.2, which JAIN-SIP does not let us shorten, to absorb retransmitted errors.
     */
    public void assertDrainedButTimerD() {
        await("SIP state drained").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    SipStats stats = server.stats();
                    Assertions.assertThat(stats.clientTransactions()).isLessThanOrEqualTo(1);
                    Assertions.assertThat(new SipStats(stats.dialogs(), stats.serverTransactions(), 0, stats.legs(),
                            stats.pinnedRoutes(), 0, stats.handlerFailures())).matches(SipStats::isIdle, "idle");
                });
        Assertions.assertThat(server.stats().handlerFailures()).as("handler failures").isZero();
    }

    /** The stack's client transactions (method, state), read by reflection: a diagnosis for a failed drain. */
    private String clientTransactions() {
        try {
            Object holder = field(server, "stack");
            Object stack = field(holder, "stack");
            java.lang.reflect.Field table = gov.nist.javax.sip.stack.SIPTransactionStack.class
                    .getDeclaredField("clientTransactionTable");
            table.setAccessible(true);
            StringBuilder text = new StringBuilder("client transactions:");
            for (Object transaction : ((java.util.Map<?, ?>) table.get(stack)).values()) {
                javax.sip.ClientTransaction client = (javax.sip.ClientTransaction) transaction;
                text.append(' ').append(client.getRequest().getMethod()).append('/').append(client.getState());
            }
            return text.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "client transactions unknown: " + e;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }

    public List<String> snapshotRegistrations() {
        return new ArrayList<>(registrations);
    }

    @Override
    public void close() {
        server.stop();
    }
}
