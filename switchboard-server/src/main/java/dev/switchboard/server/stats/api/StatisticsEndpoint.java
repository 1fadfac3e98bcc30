package dev.switchboard.server.stats.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.notify.CometD;
import dev.switchboard.server.notify.GwsSecurityPolicy;
import dev.switchboard.server.notify.UserSessions;
import dev.switchboard.server.stats.FloorStatistics;
import dev.switchboard.server.stats.StatisticsAccess;
import dev.switchboard.server.stats.StatisticsService;
import dev.switchboard.server.stats.StatisticsService.Current;
import dev.switchboard.server.stats.StatisticsService.Subscription;
import jakarta.servlet.DispatcherType;

/**
 * Genesys's Statistics API v3 on the server: the REST resources at {@link #PATH} ({@link StatisticsServlet}, behind the
 * same {@link AuthFilter} as GWS, so a bearer token, Basic or the session cookie), and a second CometD endpoint at
 * {@link #NOTIFICATIONS} (long-polling and websocket, handshakes authenticated as GWS's) whose sessions get
 * {@code {"data": {"serviceState": "Available"}}} on {@link #SERVICE_CHANNEL} when they subscribe there, and each
 * change of their subscriptions' values on {@link #UPDATES_CHANNEL}: {@code {"data": {"subscriptionId", "operationId",
 * "statistics": [...]}}}. The statistics come from each switch's events ({@link #consumerFor}).
 */
public final class StatisticsEndpoint implements AutoCloseable {
    public static final String PATH = "/statistics/v3";
    public static final String NOTIFICATIONS = PATH + "/notifications";
    public static final String SERVICE_CHANNEL = "/statistics/v3/service";
    public static final String UPDATES_CHANNEL = "/statistics/v3/updates";
    /** The context attribute of the statistics' Bayeux server (GWS's has CometD's default). */
    static final String BAYEUX_ATTRIBUTE = "switchboard.statistics.bayeux";

    private final StatisticsService service;
    private final UserSessions sessions;
    private final BayeuxServerImpl bayeux;
    private final ScheduledThreadPoolExecutor alarms;
    private final Clock clock;
    private volatile LocalSession sender;

    private StatisticsEndpoint(Directory directory, Duration serviceLevel, Clock clock, UserSessions sessions, BayeuxServerImpl bayeux) {
        this.sessions = sessions;
        this.bayeux = bayeux;
        this.clock = clock;
        this.alarms = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "statistics-alarms");
            thread.setDaemon(true);
            return thread;
        });
        alarms.setRemoveOnCancelPolicy(true);
        FloorStatistics floor = new FloorStatistics(directory, ZoneId.systemDefault(), serviceLevel);
        this.service = new StatisticsService(floor, clock, this::alarm, this::deliver);
    }

    /**
     * Installs the REST resources (behind {@code auth}) and the CometD endpoint in {@code context}, after GWS's CometD
     * (whose websocket upgrade handler it shares).
     *
     * @param serviceLevel the service-level threshold
     */
    public static StatisticsEndpoint install(ServletContextHandler context, Directory directory, Logins logins, Tokens tokens,
                                             AuthFilter auth, Duration serviceLevel, Clock clock) {
        UserSessions sessions = new UserSessions();
        BayeuxServerImpl bayeux = CometD.install(context, new GwsSecurityPolicy(directory, logins, tokens, sessions, NOTIFICATIONS),
                sessions, NOTIFICATIONS, BAYEUX_ATTRIBUTE);
        StatisticsEndpoint endpoint = new StatisticsEndpoint(directory, serviceLevel, clock, sessions, bayeux);
        bayeux.addListener(new BayeuxServer.SubscriptionListener() {
            @Override
            public void subscribed(ServerSession session, ServerChannel channel, ServerMessage message) {
                if (!session.isLocalSession() && channel.getId().equals(SERVICE_CHANNEL)) {
                    endpoint.send(session, SERVICE_CHANNEL, Map.of("data", Map.of("serviceState", "Available")));
                }
            }
        });
        context.addFilter(new FilterHolder(auth), PATH + "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("statistics-api", new StatisticsServlet(endpoint.service, new StatisticsAccess(directory))),
                PATH + "/*");
        return endpoint;
    }

    /** The consumer of one switch's events, for its records hand-off. */
    public Consumer<SwitchEvent> consumerFor(String environment) {
        return service.consumerFor(environment);
    }

    /** The statistics CometD sessions now (for metrics). */
    public int sessionCount() {
        return sessions.count();
    }

    private void alarm(Instant when, Runnable task) {
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis());
        alarms.schedule(task, delay, TimeUnit.MILLISECONDS);
    }

    private void deliver(Subscription subscription, List<Current> values) {
        List<ServerSession> targets = sessions.of(subscription.ownerUserId()).stream().filter(StatisticsEndpoint::wantsUpdates).toList();
        if (targets.isEmpty()) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("data", StatisticsJson.subscription(subscription.id(), values, true));
        for (ServerSession session : targets) {
            send(session, UPDATES_CHANNEL, data);
        }
    }

    private static boolean wantsUpdates(ServerSession session) {
        ChannelId updates = new ChannelId(UPDATES_CHANNEL);
        for (ServerChannel subscription : session.getSubscriptions()) {
            ChannelId id = subscription.getChannelId();
            if (id.equals(updates) || id.isWild() && id.matches(updates)) {
                return true;
            }
        }
        return false;
    }

    private void send(ServerSession session, String channel, Map<String, Object> data) {
        LocalSession from = sender;
        if (from == null) {
            synchronized (this) {
                if (sender == null) {
                    sender = bayeux.newLocalSession("switchboard-statistics");
                    sender.handshake();
                }
                from = sender;
            }
        }
        ServerMessage.Mutable message = bayeux.newMessage();
        message.setChannel(channel);
        message.setData(data);
        session.deliver(from.getServerSession(), message, Promise.noop());
    }

    @Override
    public void close() {
        alarms.shutdownNow();
    }
}
