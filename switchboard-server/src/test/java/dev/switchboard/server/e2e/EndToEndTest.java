package dev.switchboard.server.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.CallOperation;
import dev.switchboard.core.command.CallRequest;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.CallSnapshot;
import dev.switchboard.core.view.CallView;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.config.ConfigLoader;
import dev.switchboard.server.config.ContactCenterConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

/**
 * Base of the end-to-end tests: one real server per test class, on a free port, with the demo contact center and its
 * own data directory; a Jetty HTTP client without a cookie store, a websocket container, and the clients a test opens,
 * closed after each test. After each test every contact-center session is ended so tests do not leak into each other.
 */
public abstract class EndToEndTest {
    @TempDir
    static Path dataDir;

    protected static SwitchboardServer server;
    protected static HttpClient http;
    protected static WebSocketContainer webSockets;
    protected static ScheduledExecutorService scheduler;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = SwitchboardServer.start(new SwitchboardServer.Options(config(), dataDir, 0, null, 0));
        http = new HttpClient();
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.start();
        webSockets = ContainerProvider.getWebSocketContainer();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    /** The demo contact center; a test class may start another by hiding this method. */
    static ContactCenterConfig config() {
        return ConfigLoader.loadDemo();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (webSockets != null) {
            LifeCycle.stop(webSockets);
        }
        if (http != null) {
            http.stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeClientsAndEndSessions() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        opened.clear();
        ContactCenter contactCenter = server.contactCenter();
        List<CompletableFuture<Outcome>> resets = new ArrayList<>();
        // Calls first: customers hang up (which ends calls that wait in queues too), then agents hang up the rest.
        for (Switch voiceSwitch : contactCenter.switches()) {
            for (CallSnapshot call : voiceSwitch.liveCalls().get(10, TimeUnit.SECONDS)) {
                for (CallSnapshot.Party party : call.parties()) {
                    if (party.external() && party.state().isActive()) {
                        voiceSwitch.customerHangup(call.id(), party.number()).get(10, TimeUnit.SECONDS);
                    }
                }
            }
        }
        for (User user : contactCenter.directory().users()) {
            for (CallView call : contactCenter.callsOf(user)) {
                resets.add(contactCenter.callOperation(user, call.id(), CallRequest.of(CallOperation.HANGUP)));
            }
        }
        for (User user : contactCenter.directory().users()) {
            for (DeviceView device : contactCenter.devicesOf(user)) {
                if (device.doNotDisturb()) {
                    resets.add(contactCenter.setDoNotDisturb(user, device.id(), false));
                }
                if (device.forwardTo() != null) {
                    resets.add(contactCenter.setForwarding(user, device.id(), null));
                }
            }
            if (contactCenter.sessionPlace(user).isPresent()) {
                resets.add(contactCenter.endSession(user));
            }
        }
        for (CompletableFuture<Outcome> reset : resets) {
            reset.get(10, TimeUnit.SECONDS);
        }
    }

    /** A REST client for a demo user (password {@code password}). */
    protected GwsClient client(String userName, GwsClient.Auth auth) {
        return new GwsClient(http, server.baseUrl(), userName, "password", auth);
    }

    /** A REST client that logs in and keeps its session cookie and CSRF token. */
    protected GwsClient loggedIn(String userName) {
        GwsClient client = client(userName, GwsClient.Auth.COOKIE);
        client.login();
        return client;
    }

    /** A connected CometD client authenticated by the REST client's session cookie, subscribed to {@code channels}. */
    protected Notifications notifications(Transport transport, GwsClient by, String... channels) {
        Notifications notifications = track(Notifications.create(transport, server.baseUrl(), http, webSockets, scheduler,
                by.sessionId(), null)).connect();
        for (String channel : channels) {
            notifications.subscribe(channel);
        }
        return notifications;
    }

    /** A CometD client that has not handshaken, with explicit credentials. */
    protected Notifications unconnected(Transport transport, String sessionId, String basicHeader) {
        return track(Notifications.create(transport, server.baseUrl(), http, webSockets, scheduler, sessionId, basicHeader));
    }

    /** A CometD client of the endpoint at {@code path} that has not handshaken, with this {@code Authorization}. */
    protected Notifications unconnectedAt(Transport transport, String path, String authorization) {
        return track(Notifications.createAt(transport, server.baseUrl() + path, http, webSockets, scheduler, null, authorization));
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }
}
