package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Message;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.sip.auth.MutableClock;

/**
 * The login throttle in a real server, on a clock the test moves (the demo's defaults: 5 free failures per user name,
 * 20 per address, then 1 s, 2 s, 4 s …): a guessing loop is refused with a clear GWS error and {@code Retry-After}
 * without bcrypt running (counted by {@code switchboard_auth_password_checks_total}), other users log in meanwhile, the
 * right password works once the delay is over and then forgets the failures; CometD handshakes with Basic count
 * towards the same limits.
 */
class LoginThrottleEndToEndTest extends EndToEndTest {
    private static final String ME = "/api/v2/me";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private static final Logger AUTH_LOG = (Logger) LoggerFactory.getLogger("switchboard.auth");
    private static final ListAppender<ILoggingEvent> AUTH_EVENTS = new ListAppender<>();
    private static GwsClient admin;

    @BeforeAll
    static void restartWithAClockTheTestMoves() throws Exception {
        server.close();
        server = SwitchboardServer.start(new SwitchboardServer.Options(ConfigLoader.loadDemo(), dataDir.resolve("throttle"), 0, null, 0)
                .withLoginClock(CLOCK));
        AUTH_EVENTS.start();
        AUTH_LOG.addAppender(AUTH_EVENTS);
        admin = new GwsClient(http, server.baseUrl(), "admin", "password", GwsClient.Auth.COOKIE);
        admin.login();
    }

    @AfterAll
    static void detachLog() {
        AUTH_LOG.detachAppender(AUTH_EVENTS);
    }

    /** Every key forgets its failures (the window is 15 minutes): tests do not add up on 127.0.0.1. */
    @AfterEach
    void forgetFailures() {
        CLOCK.advance(Duration.ofHours(1));
        AUTH_EVENTS.list.clear();
    }

    @Test
    void aGuessingLoopIsThrottledWithoutBcryptWhileAnotherUserLogsIn() throws Exception {
        long checks = counter("switchboard_auth_password_checks_total");
        long throttled = counter("switchboard_auth_logins_throttled_total");

        List<Reply> guesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guesses.add(basic("agent5", "guess" + i, false));
        }
        for (Reply free : guesses.subList(0, 5)) {
            free.assertError(401, 20);
            assertThat(free.statusMessage()).isEqualTo("Access denied");
            assertThat(free.headers().get(HttpHeader.RETRY_AFTER)).isNull();
        }
        for (Reply refused : guesses.subList(5, 20)) {
            refused.assertError(401, 20);
            assertThat(refused.statusMessage()).isEqualTo("Too many failed logins for user agent5; try again in 1 s");
            assertThat(refused.headers().get(HttpHeader.RETRY_AFTER)).isEqualTo("1");
            assertThat(refused.headers().get(HttpHeader.WWW_AUTHENTICATE)).startsWith("Basic");
        }
        assertThat(counter("switchboard_auth_password_checks_total") - checks).as("bcrypt ran for the free failures only")
                .isEqualTo(5);
        assertThat(counter("switchboard_auth_logins_throttled_total") - throttled).isEqualTo(15);

        // Meanwhile, from the same address: another user's good password is checked and accepted.
        basic("agent4", "password", false).assertOk();
        assertThat(counter("switchboard_auth_password_checks_total") - checks).isEqualTo(6);

        // The right password is refused too while the delay lasts, unchecked; a browser's script gets 403, no challenge.
        basic("agent5", "password", false).assertError(401, 20);
        Reply script = basic("agent5", "password", true).assertError(403, 20);
        assertThat(script.statusMessage()).startsWith("Too many failed logins for user agent5");
        assertThat(script.headers().get(HttpHeader.WWW_AUTHENTICATE)).isNull();
        assertThat(counter("switchboard_auth_password_checks_total") - checks).isEqualTo(6);

        assertThat(AUTH_EVENTS.list).map(ILoggingEvent::getFormattedMessage).filteredOn(line -> line.startsWith("event=login-throttled"))
                .hasSize(17).first().asString()
                .isEqualTo("event=login-throttled user=agent5 remote=127.0.0.1 path=/api/v2/me limit=user retryAfterSeconds=1");

        CLOCK.advance(Duration.ofSeconds(1));
        Reply sixth = basic("agent5", "guess-after-the-delay", false).assertError(401, 20);
        assertThat(sixth.statusMessage()).as("checked: the delay was over").isEqualTo("Access denied");
        assertThat(basic("agent5", "password", false).statusMessage())
                .isEqualTo("Too many failed logins for user agent5; try again in 2 s");

        CLOCK.advance(Duration.ofSeconds(2));
        basic("agent5", "password", false).assertOk();
        assertThat(counter("switchboard_auth_password_checks_total") - checks).isEqualTo(8);
        // The good login forgot agent5's failures: four more wrong passwords are checked and cost no delay.
        for (int i = 0; i < 4; i++) {
            assertThat(basic("agent5", "again" + i, false).statusMessage()).isEqualTo("Access denied");
        }
        basic("agent5", "password", false).assertOk();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void cometdHandshakesWithBasicCountTowardsTheSameLimits(Transport transport) throws Exception {
        long checks = counter("switchboard_auth_password_checks_total");
        for (int i = 0; i < 5; i++) {
            assertThat(unconnected(transport, null, GwsClient.basicHeader("agent3", "guess" + i)).handshake().isSuccessful()).isFalse();
        }
        Message refused = unconnected(transport, null, GwsClient.basicHeader("agent3", "password")).handshake();
        assertThat(refused.isSuccessful()).isFalse();
        assertThat(refused.get(Message.ERROR_FIELD)).isEqualTo("403::handshake_denied");
        assertThat(refused.getExt()).containsEntry("switchboard", Map.of("statusCode", 20,
                "statusMessage", "Too many failed logins for user agent3; try again in 1 s", "retryAfterSeconds", 1));
        assertThat(refused.getAdvice()).containsEntry(Message.RECONNECT_FIELD, Message.RECONNECT_NONE_VALUE);
        // REST shares the user name's count.
        assertThat(basic("agent3", "password", false).statusMessage()).startsWith("Too many failed logins for user agent3");
        assertThat(counter("switchboard_auth_password_checks_total") - checks).isEqualTo(5);
        assertThat(AUTH_EVENTS.list).map(ILoggingEvent::getFormattedMessage)
                .contains("event=login-throttled user=agent3 remote=127.0.0.1 path=/api/v2/notifications limit=user retryAfterSeconds=1");

        CLOCK.advance(Duration.ofSeconds(1));
        unconnected(transport, null, GwsClient.basicHeader("agent3", "password")).connect();
    }

    @Test
    void anAddressGuessingManyUserNamesIsThrottledAfterTwentyFailures() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertThat(basic("guest" + i, "password", false).statusMessage()).isEqualTo("Access denied");
        }
        Reply refused = basic("agent2", "password", false).assertError(401, 20);
        assertThat(refused.statusMessage()).isEqualTo("Too many failed logins from this address; try again in 1 s");
        assertThat(refused.headers().get(HttpHeader.RETRY_AFTER)).isEqualTo("1");
        // A session opened before keeps working: the cookie is no password check.
        admin.get(ME).assertOk();

        CLOCK.advance(Duration.ofSeconds(1));
        basic("agent2", "password", false).assertOk();
    }

    /** A GET of /api/v2/me with exactly these Basic credentials and no cookie; as a browser's script when asked. */
    private static Reply basic(String userName, String password, boolean script) {
        GwsClient client = new GwsClient(http, server.baseUrl(), userName, password, GwsClient.Auth.BASIC);
        return client.send(client.request(HttpMethod.GET, ME, true)
                .headers(h -> {
                    if (script) {
                        h.put("X-Requested-With", "XMLHttpRequest");
                    }
                }));
    }

    /** A counter from the metrics, read on the administrator's cookie session (which checks no password). */
    private static long counter(String name) throws Exception {
        ContentResponse metrics = http.newRequest(server.baseUrl() + "/ext/v1/metrics")
                .headers(h -> h.put(HttpHeader.COOKIE, "JSESSIONID=" + admin.sessionId()))
                .timeout(10, TimeUnit.SECONDS).send();
        assertThat(metrics.getStatus()).isEqualTo(200);
        for (String line : metrics.getContentAsString().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " in the metrics");
    }
}
