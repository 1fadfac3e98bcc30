package dev.switchboard.server.console;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.notify.CometD;
import dev.switchboard.server.notify.GwsSecurityPolicy;
import dev.switchboard.server.notify.UserSessions;

/**
 * The browser console on the server (README, "The console"): the static page at {@code /} ({@link ConsoleServlet}),
 * and the two extensions it needs beyond GWS and the statistics API:
 *
 * <ul>
 *   <li>{@code GET /ext/v1/floor}: the whole floor the caller supervises (agents with their state, reason, since, calls
 *       and monitor; live calls, queued ones included; routing points and queues; monitoring subscriptions and the
 *       latest ends with their reasons) and the console's thresholds; and its push, a CometD endpoint at
 *       {@link #NOTIFICATIONS} (websocket and long-polling, handshakes authenticated as GWS's) whose channel
 *       {@link #FLOOR_CHANNEL} carries only what changed, as {@code {"agents": [...], "calls": [...], "endedCalls":
 *       [...], "subscriptions": [...], "endedSubscriptions": [...]}} (members present when they changed).</li>
 *   <li>{@code POST /ext/v1/agents/{userName}} ({@link AgentActions}, registered beside it).</li>
 * </ul>
 */
public final class ConsoleEndpoint implements AutoCloseable {
    public static final String NOTIFICATIONS = "/ext/v1/floor/notifications";
    public static final String FLOOR_CHANNEL = "/ext/v1/floor";
    private static final ChannelId FLOOR_CHANNEL_ID = new ChannelId(FLOOR_CHANNEL);
    static final String BAYEUX_ATTRIBUTE = "switchboard.floor.bayeux";

    private final ScheduledThreadPoolExecutor flusher;
    private UserSessions sessions;
    private BayeuxServerImpl bayeux;
    private ContactCenter contactCenter;
    private ContactCenterConfig.ConsoleConfig settings;
    private int serviceLevelSeconds;
    /** Set by {@link #install}; events that come before (none: the switches start serving after it) are dropped. */
    private volatile FloorFeed feed;
    private volatile LocalSession sender;

    /**
     * A console not installed yet: its {@link #consumerFor} consumers exist before the switches do (they feed the
     * records hand-offs the switches are built with); {@link #install} then serves it.
     */
    public ConsoleEndpoint() {
        this.flusher = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "floor-feed");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Installs the console: its page at {@code /} of {@code context}, the floor's CometD endpoint (after GWS's, whose
     * websocket upgrade handler it shares), and the floor's route in the extension router {@code ext}.
     */
    public void install(ServletContextHandler context, Router ext, ContactCenter center, Logins logins, Tokens tokens,
                        ContactCenterConfig config) {
        this.contactCenter = center;
        this.settings = config.console();
        this.serviceLevelSeconds = config.statistics().serviceLevelSeconds();
        this.sessions = new UserSessions();
        this.bayeux = CometD.install(context, new GwsSecurityPolicy(center.directory(), logins, tokens, sessions, NOTIFICATIONS),
                sessions, NOTIFICATIONS, BAYEUX_ATTRIBUTE);
        FloorTimes times = new FloorTimes();
        this.feed = new FloorFeed(center, new FloorView(center, times), times, flusher, new FloorFeed.Sink() {
            @Override
            public Set<String> viewers() {
                return floorViewers();
            }

            @Override
            public void send(String userId, Map<String, Object> update) {
                deliver(userId, update);
            }
        });
        ext.get("floor", this::getFloor);
        context.addServlet(new ServletHolder("console", new ConsoleServlet()), "/");
    }

    /** The consumer of one switch's events, for its records hand-off. */
    public Consumer<SwitchEvent> consumerFor(String environment) {
        return event -> {
            FloorFeed installed = feed;
            if (installed != null) {
                installed.accept(environment, event);
            }
        };
    }

    private Map<String, Object> getFloor(ApiRequest request) {
        User user = request.user();
        if (!FloorView.hasFloor(user)) {
            throw GwsException.notPermitted("The floor is for supervisors and administrators only");
        }
        Map<String, Object> body = new LinkedHashMap<>(feed.snapshot(user));
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("notReadySeconds", settings.notReadySeconds());
        thresholds.put("afterCallWorkSeconds", settings.afterCallWorkSeconds());
        thresholds.put("ringingSeconds", settings.ringingSeconds());
        thresholds.put("callSeconds", settings.callSeconds());
        thresholds.put("holdSeconds", settings.holdSeconds());
        thresholds.put("serviceLevelSeconds", serviceLevelSeconds);
        thresholds.put("serviceLevelTargetPercent", settings.serviceLevelTargetPercent());
        body.put("thresholds", thresholds);
        body.put("serverTime", System.currentTimeMillis());
        return body;
    }

    private Set<String> floorViewers() {
        Set<String> viewers = new LinkedHashSet<>();
        for (User user : contactCenter.directory().users()) {
            if (FloorView.hasFloor(user) && anyWantsFloor(sessions.of(user.id()))) {
                viewers.add(user.id());
            }
        }
        return viewers;
    }

    // Asked for every supervisor at each floor update: a plain loop, and the channel's id parsed once for all (it was
    // parsed again for each session, and a stream built per supervisor: part of the 1.7 % of the server's allocation
    // under load that floorViewers made; the copies of the session and subscription sets remain).
    private static boolean anyWantsFloor(List<ServerSession> userSessions) {
        for (ServerSession session : userSessions) {
            if (wantsFloor(session)) {
                return true;
            }
        }
        return false;
    }

    private static boolean wantsFloor(ServerSession session) {
        for (ServerChannel subscription : session.getSubscriptions()) {
            ChannelId id = subscription.getChannelId();
            if (id.equals(FLOOR_CHANNEL_ID) || id.isWild() && id.matches(FLOOR_CHANNEL_ID)) {
                return true;
            }
        }
        return false;
    }

    private void deliver(String userId, Map<String, Object> update) {
        LocalSession from = sender;
        if (from == null) {
            synchronized (this) {
                if (sender == null) {
                    sender = bayeux.newLocalSession("switchboard-floor");
                    sender.handshake();
                }
                from = sender;
            }
        }
        for (ServerSession session : sessions.of(userId)) {
            if (wantsFloor(session)) {
                ServerMessage.Mutable message = bayeux.newMessage();
                message.setChannel(FLOOR_CHANNEL);
                message.setData(update);
                session.deliver(from.getServerSession(), message, Promise.noop());
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
    }
}
