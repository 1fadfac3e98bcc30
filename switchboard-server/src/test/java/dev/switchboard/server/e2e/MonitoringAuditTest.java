package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.store.InMemoryStore;
import dev.switchboard.core.supervision.AuditEntry;
import dev.switchboard.core.supervision.AuditRecord;
import dev.switchboard.core.supervision.InMemoryMonitoringAudit;
import dev.switchboard.core.supervision.MonitoringAudit;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.time.ManualTimers;
import dev.switchboard.server.api.MeApi;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.DirectoryBuilder;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.gws.Urls;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The audit contract of the monitoring operations, on {@link MeApi} itself with the demo's switch: an acknowledged
 * request is appended as {@code REQUEST} before the switch acts on it (so it is durable before the reply); every refusal
 * after the parameters were read is appended as {@code DENIAL} with the statusMessage; malformed parameters are not
 * audited; a request whose entry cannot be stored is refused with statusCode 4 (HTTP 503) and changes nothing.
 */
class MonitoringAuditTest {
    private static final Instant NOW = Instant.parse("2025-01-06T09:00:00Z");

    private final Directory directory = DirectoryBuilder.build(ConfigLoader.loadDemo(), new InMemoryStore(), null);
    private SwitchExecutor executor;
    private ContactCenter contactCenter;
    private RecordingAudit audit;
    private Router router;

    /** Records entries, and what the switch showed when each was appended; fails on demand. */
    private final class RecordingAudit implements MonitoringAudit {
        private final InMemoryMonitoringAudit entries = new InMemoryMonitoringAudit();
        private final List<Integer> subscriptionsAtAppend = new ArrayList<>();
        private volatile boolean failing;

        @Override
        public AuditEntry append(AuditRecord record) {
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            subscriptionsAtAppend.add(contactCenter.subscriptions().size());
            return entries.append(record);
        }

        @Override
        public List<AuditEntry> entries() {
            return entries.entries();
        }

        List<AuditRecord> records() {
            return entries().stream().map(AuditEntry::record).toList();
        }
    }

    @BeforeEach
    void start() {
        executor = new SwitchExecutor("Demo");
        ManualTimers timers = new ManualTimers(NOW);
        timers.runOn(executor);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Switch demo = new Switch(directory.environmentByName("Demo").orElseThrow(), directory, executor, clock, timers,
                event -> { });
        contactCenter = new ContactCenter(directory, List.of(demo));
        audit = new RecordingAudit();
        router = new Router();
        GwsMapper mapper = new GwsMapper(directory, new Urls("http://127.0.0.1:8080"), "cc", false, clock);
        new MeApi(contactCenter, mapper, audit, clock).register(router);
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    private User user(String userName) {
        return directory.userByName(userName).orElseThrow();
    }

    private void startSession(String userName) throws Exception {
        User user = user(userName);
        assertThat(contactCenter.startSession(user, directory.placeByName(user.defaultPlace()).orElseThrow()).get(10, TimeUnit.SECONDS)
                .isAccepted()).isTrue();
    }

    private String deviceOf(String userName) {
        return contactCenter.devicesOf(user(userName)).get(0).id();
    }

    /** POSTs {@code json} to {@code /me/devices/{own device}} as {@code userName}, as the servlet would. */
    private Map<String, Object> post(String userName, String json) {
        Router.Match match = router.match("POST", "me/devices/" + deviceOf(userName));
        return match.handler().handle(new ApiRequest(body(json), user(userName), match.parameters()));
    }

    private GwsException refused(String userName, String json) {
        Throwable thrown = catchThrowable(() -> post(userName, json));
        assertThat(thrown).isInstanceOf(GwsException.class);
        return (GwsException) thrown;
    }

    private static HttpServletRequest body(String json) {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream bytes = new ByteArrayInputStream(content);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return bytes.read();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(MonitoringAuditTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> in;
                    case "getContentLength" -> content.length;
                    case "getParameter" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anAcknowledgedRequestIsAuditedBeforeTheSwitchActs() throws Exception {
        startSession("supervisor1");
        String supervisorId = user("supervisor1").id();

        assertThat(post("supervisor1", "{\"operationName\":\"ListenIn\",\"targetDeviceUri\":\"/api/v2/devices/" + deviceOf("agent1")
                + "\"}")).isEmpty();

        assertThat(audit.records()).containsExactly(new AuditRecord(NOW, "REQUEST", supervisorId, "5001", null,
                "ListenIn scope=Call mode=AllCalls"));
        assertThat(audit.subscriptionsAtAppend).as("subscriptions when the REQUEST was appended").containsExactly(0);
        assertThat(contactCenter.subscriptions()).hasSize(1);

        post("supervisor1", "{\"operationName\":\"Coach\",\"phoneNumber\":\"7000\",\"supervisorMonitoringScope\":\"Call\","
                + "\"supervisorMonitoringMode\":\"NextCall\"}");
        post("supervisor1", "{\"operationName\":\"CancelSupervisorMonitoring\"}");

        assertThat(audit.records()).extracting(AuditRecord::kind, AuditRecord::target, AuditRecord::detail).containsExactly(
                Tuple.tuple("REQUEST", "5001", "ListenIn scope=Call mode=AllCalls"),
                Tuple.tuple("REQUEST", "7000", "Coach scope=Call mode=NextCall"),
                Tuple.tuple("REQUEST", "7000", "CancelSupervisorMonitoring"));
        assertThat(contactCenter.subscriptions()).isEmpty();
        assertThat(audit.verify()).isTrue();
    }

    @Test
    void aRefusalBeforeTheSwitchIsOneDenialWithTheStatusMessage() throws Exception {
        startSession("supervisor1");

        GwsException outside = refused("supervisor1", "{\"operationName\":\"BargeIn\",\"phoneNumber\":\"5007\"}");
        GwsException byAgent = refused("agent1", "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5002\"}");
        GwsException unknown = refused("supervisor1", "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5999\"}");

        assertThat(outside.statusCode()).isEqualTo(5);
        assertThat(byAgent.statusCode()).isEqualTo(5);
        assertThat(unknown.statusCode()).isEqualTo(6);
        assertThat(audit.records()).containsExactly(
                new AuditRecord(NOW, "DENIAL", user("supervisor1").id(), "5007", null, outside.statusMessage()),
                new AuditRecord(NOW, "DENIAL", user("agent1").id(), "5002", null, byAgent.statusMessage()),
                new AuditRecord(NOW, "DENIAL", user("supervisor1").id(), "5999", null, unknown.statusMessage()));
        assertThat(contactCenter.subscriptions()).isEmpty();
    }

    @Test
    void aRefusalOfTheSwitchFollowsItsRequest() {
        // No contact-center session: the switch refuses.
        GwsException refused = refused("supervisor1", "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5001\"}");
        GwsException cancel = refused("supervisor1", "{\"operationName\":\"CancelSupervisorMonitoring\"}");

        assertThat(refused.statusCode()).isEqualTo(3);
        assertThat(cancel.statusCode()).isEqualTo(3);
        assertThat(audit.records()).extracting(AuditRecord::kind, AuditRecord::detail).containsExactly(
                Tuple.tuple("REQUEST", "ListenIn scope=Call mode=AllCalls"),
                Tuple.tuple("DENIAL", refused.statusMessage()),
                Tuple.tuple("REQUEST", "CancelSupervisorMonitoring"),
                Tuple.tuple("DENIAL", cancel.statusMessage()));
    }

    @Test
    void malformedParametersAreNotAudited() throws Exception {
        startSession("supervisor1");

        assertThat(refused("supervisor1", "{\"operationName\":\"ListenIn\"}").statusCode()).isEqualTo(1);
        assertThat(refused("supervisor1", "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5001\","
                + "\"supervisorMonitoringMode\":\"Sometimes\"}").statusCode()).isEqualTo(2);

        assertThat(audit.entries()).isEmpty();
    }

    @Test
    void withoutADurableEntryNothingIsDone() throws Exception {
        startSession("supervisor1");
        audit.failing = true;

        GwsException refused = refused("supervisor1", "{\"operationName\":\"ListenIn\",\"phoneNumber\":\"5001\"}");

        assertThat(refused.statusCode()).isEqualTo(4);
        assertThat(refused.httpStatus()).isEqualTo(503);
        assertThat(refused.statusMessage()).contains("audit");
        assertThat(contactCenter.subscriptions()).isEmpty();
        assertThatThrownBy(() -> post("supervisor1", "{\"operationName\":\"CancelSupervisorMonitoring\"}"))
                .isInstanceOf(GwsException.class);
    }
}
