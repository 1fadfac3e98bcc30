package dev.switchboard.server;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;

import org.cometd.server.BayeuxServerImpl;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.event.EventConsumers;
import dev.switchboard.core.event.EventHandOff;
import dev.switchboard.core.event.EventSink;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.core.model.IdSource;
import dev.switchboard.core.store.AgentHistoryRecorder;
import dev.switchboard.core.store.AgentHistoryStore;
import dev.switchboard.core.telephony.Restored;
import dev.switchboard.core.telephony.SessionRegistry;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.telephony.SwitchExecutor;
import dev.switchboard.core.time.ScheduledTimers;
import dev.switchboard.server.api.CallsApi;
import dev.switchboard.server.api.DirectoryApi;
import dev.switchboard.server.api.MeApi;
import dev.switchboard.server.audio.AudioEndpoint;
import dev.switchboard.server.audit.JdbcMonitoringAudit;
import dev.switchboard.server.audit.OpenEnds;
import dev.switchboard.server.auth.Credentials;
import dev.switchboard.server.auth.LoginThrottle;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.OAuthClients;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.config.ContactCenterConfig;
import dev.switchboard.server.config.ContactCenterConfig.LoginThrottleConfig;
import dev.switchboard.server.config.ContactCenterConfig.ServerConfig;
import dev.switchboard.server.config.DirectoryBuilder;
import dev.switchboard.server.config.SettingsBuilder;
import dev.switchboard.server.console.AgentActions;
import dev.switchboard.server.console.ConsoleEndpoint;
import dev.switchboard.server.durable.Acknowledgements;
import dev.switchboard.server.durable.DurableState;
import dev.switchboard.server.durable.JournaledAudit;
import dev.switchboard.server.durable.Restart;
import dev.switchboard.phone.SipPhones;
import dev.switchboard.server.endpoint.EndpointDirectory;
import dev.switchboard.server.endpoint.Phones;
import dev.switchboard.server.ext.EchoApi;
import dev.switchboard.server.ext.ExtApi;
import dev.switchboard.server.ext.MonitoringCallsApi;
import dev.switchboard.server.ext.RecordingsApi;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.gws.Urls;
import dev.switchboard.server.http.ApiServlet;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.ExamplesServlet;
import dev.switchboard.server.http.GwsErrorHandler;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.TokenServlet;
import dev.switchboard.server.log.EventLog;
import dev.switchboard.server.log.Kv;
import dev.switchboard.server.log.RequestLog;
import dev.switchboard.server.metrics.ServerMetrics;
import dev.switchboard.server.metrics.SwitchMetrics;
import dev.switchboard.server.notify.CometD;
import dev.switchboard.server.notify.GwsSecurityPolicy;
import dev.switchboard.server.notify.NotificationPublisher;
import dev.switchboard.server.notify.RestartNotices;
import dev.switchboard.server.notify.UserSessions;
import dev.switchboard.server.settings.ContactCenterSettings;
import dev.switchboard.server.settings.SettingsApi;
import dev.switchboard.server.sim.Simulator;
import dev.switchboard.server.stats.api.StatisticsEndpoint;
import dev.switchboard.server.store.JdbcStore;
import dev.switchboard.server.store.PidFile;
import jakarta.servlet.DispatcherType;

/**
 * A running Switchboard: store, contact center with its switches, event hand-offs, Jetty with the GWS API and
 * CometD, and the metrics of all of them. {@link #start} returns once the port accepts requests; {@link #close} stops
 * everything it started, in reverse order, delivering the events already handed off.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardServer.class);
    /** Events a hand-off holds before new commands are refused. */
    private static final int HAND_OFF_CAPACITY = 65_536;
    /** How often the records hand-off (history, simulator, metrics, statistics) drains: they are not in a hurry. */
    static final Duration RECORDS_BATCH_INTERVAL = Duration.ofMillis(10);

    /**
     * What to start.
     *
     * @param dataDir     where the embedded store lives when the configuration names no store URL
     * @param port        overrides the configured port when not {@code null}; 0 picks a free one
     * @param environment overrides every voice environment's type when not {@code null}
     * @param traffic     simulated calls per minute to routing point 7000, with bot agents answering; 0 for none
     * @param unconfirmedSession how long a session opened by a Basic request lives until a request comes back with its
     *                    cookie (then: the configured session timeout); at most that timeout
     * @param loginClock  the login throttle's clock, {@code null} for the system's (tests pass one they move)
     */
    public record Options(ContactCenterConfig config, Path dataDir, Integer port, EnvironmentType environment, int traffic,
                          Duration unconfirmedSession, boolean phones, Clock loginClock) {

        /** With {@link #UNCONFIRMED_SESSION} for sessions opened by a Basic request, and no SIP. */
        public Options(ContactCenterConfig config, Path dataDir, Integer port, EnvironmentType environment, int traffic) {
            this(config, dataDir, port, environment, traffic, UNCONFIRMED_SESSION, false, null);
        }

        /** No SIP. */
        public Options(ContactCenterConfig config, Path dataDir, Integer port, EnvironmentType environment, int traffic,
                       Duration unconfirmedSession) {
            this(config, dataDir, port, environment, traffic, unconfirmedSession, false, null);
        }

        /** The same, with SIP phones and trunks on the configuration's {@code sip} address ({@code true}) or without. */
        public Options withPhones(boolean on) {
            return new Options(config, dataDir, port, environment, traffic, unconfirmedSession, on, loginClock);
        }

        /** The same, with this clock for the login throttle. */
        public Options withLoginClock(Clock clock) {
            return new Options(config, dataDir, port, environment, traffic, unconfirmedSession, phones, clock);
        }
    }

    /**
     * How long a session opened by a Basic request lives until its cookie comes back. A client that sends Basic on every
     * request and never the cookie (a script, the benchmark's customers) opens a session per request; at the full
     * timeout, hundreds of calls a second would keep hundreds of thousands of them.
     */
    public static final Duration UNCONFIRMED_SESSION = Duration.ofSeconds(120);

    private final List<AutoCloseable> started = new ArrayList<>();
    private ContactCenter contactCenter;
    private AgentHistoryStore agentHistory;
    private Server jetty;
    private int port;
    private String baseUrl;
    private EventHandOff notifications;
    private final List<EventHandOff> records = new ArrayList<>();
    private volatile boolean running;
    /** Whether the start restored what the last process left (then a stop writes what ends with it). */
    private volatile boolean restored;
    private volatile Simulator simulator;
    private SipPhones phones;

    private SwitchboardServer() {
    }

    /** Starts a server; on failure, stops what was started and rethrows. */
    public static SwitchboardServer start(Options options) throws Exception {
        SwitchboardServer server = new SwitchboardServer();
        try {
            server.doStart(options);
            return server;
        } catch (Exception | Error failure) {
            server.close();
            throw failure;
        }
    }

    private void doStart(Options options) throws Exception {
        ContactCenterConfig config = options.config();
        ServerConfig settings = config.server();
        Clock clock = Clock.systemUTC();
        ServerMetrics metrics = new ServerMetrics();
        started.add(metrics);

        boolean embedded = settings.store().url() == null;
        String url = embedded ? JdbcStore.h2FileUrl(options.dataDir()) : settings.store().url();
        JdbcStore store = DataDirectory.openStore(url, settings, options.dataDir(), embedded);
        agentHistory = store;
        started.add(store);
        if (embedded) {
            // Before the store in the list, so removed after it closes: while the file is there, the database is held.
            PidFile.write(options.dataDir()).ifPresent(pidFile -> started.add(started.size() - 1, pidFile));
        }
        Directory directory = DirectoryBuilder.build(config, store, options.environment());
        String contactCenterId = DirectoryBuilder.contactCenterId(store);
        Credentials credentials = Credentials.load(config, directory, store, clock);
        Logins logins = new Logins(credentials, new LoginThrottle(loginThrottleSettings(settings.loginThrottle()),
                options.loginClock() != null ? options.loginClock() : clock));
        metrics.logins(logins);
        Tokens tokens = new Tokens(directory, options.loginClock() != null ? options.loginClock() : clock,
                Duration.ofSeconds(config.oauth().tokenLifetimeSeconds()));
        // The store owns the connection pool; the audit's table only borrows it. The journal makes the audit's entries
        // durable (one fdatasync shared by concurrent requests) and the table gets them behind.
        JdbcMonitoringAudit auditTable = new JdbcMonitoringAudit(store.dataSource());
        DurableState durable = DataDirectory.openJournal(options.dataDir());
        metrics.journal(durable.journal());
        // Closed after everything added later (the switches first), before the store.
        started.add(durable);
        JournaledAudit audit = durable.audit(auditTable);
        // At a stop, the calls end (they do not survive the process that carries their media); sessions and
        // subscriptions go on, in the journal. Added here, so run before the journal and the store close: after HTTP,
        // the switches and the records hand-offs (all added later) have stopped. Only once the start restored what
        // the last process left: a start that fails before must not end what the journal still holds.
        started.add(() -> {
            if (restored) {
                OpenEnds.close(audit, store, OpenEnds.SHUTDOWN, clock.instant(), Restart.continuing(contactCenter));
            }
        });

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        jetty = new Server(threads);
        jetty.setErrorHandler(GwsErrorHandler.forServer());
        started.add(jetty::stop);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(settings.host());
        connector.setPort(options.port() != null ? options.port() : settings.port());
        jetty.addConnector(connector);
        // Bind now, so that with port 0 the URLs in every body can name the real port.
        try {
            connector.open();
        } catch (IOException bindFailure) {
            throw new StartupException("cannot listen on " + settings.host() + ":" + connector.getPort() + ": "
                    + (hasCause(bindFailure, BindException.class) ? "the port is in use (another Switchboard?)" : bindFailure.getMessage())
                    + "; choose another port with --port PORT, or --port 0 for a free one", bindFailure);
        }
        port = connector.getLocalPort();
        String host = settings.host().equals("0.0.0.0") || settings.host().equals("::") ? "127.0.0.1" : settings.host();
        baseUrl = "http://" + host + ":" + port;
        Urls urls = new Urls(settings.externalBaseUrl() != null ? settings.externalBaseUrl() : baseUrl);
        ContactCenterSettings contactCenterSettings = SettingsBuilder.build(config, "configuration");
        GwsMapper mapper = new GwsMapper(directory, urls, contactCenterId,
                config.compatibility().participants().equals("strings"), clock, contactCenterSettings);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(GwsErrorHandler.forContext());
        context.getSessionHandler().setMaxInactiveInterval(settings.sessionTimeoutSeconds());
        AuthFilter.SessionLifetimes sessionLifetimes = new AuthFilter.SessionLifetimes(
                (int) Math.min(options.unconfirmedSession().toSeconds(), settings.sessionTimeoutSeconds()),
                settings.sessionTimeoutSeconds());
        context.getSessionHandler().setHttpOnly(true);
        DataDirectory.keepSessionsIn(context, options.dataDir(), settings.sessionTimeoutSeconds());
        UserSessions userSessions = new UserSessions();
        BayeuxServerImpl bayeux = CometD.install(jetty, context,
                new GwsSecurityPolicy(directory, logins, tokens, userSessions, CometD.PATH), userSessions);
        metrics.cometdSessions(userSessions::count);
        // Genesys's Statistics API v3: REST and a second CometD endpoint, fed by the records hand-offs below.
        StatisticsEndpoint statistics = StatisticsEndpoint.install(context, directory, logins, tokens,
                new AuthFilter(directory, logins, tokens, settings.csrf(), sessionLifetimes),
                Duration.ofSeconds(config.statistics().serviceLevelSeconds()), clock);
        started.add(statistics);
        // The browser console at /: its floor feed takes the records hand-offs' events from the start.
        ConsoleEndpoint console = new ConsoleEndpoint();
        started.add(console);

        NotificationPublisher publisher = new NotificationPublisher(directory, mapper, userSessions, bayeux);
        notifications = new EventHandOff("notifications", HAND_OFF_CAPACITY, clock, publisher);
        started.add(notifications);
        metrics.handOff("notifications", notifications);
        // What only records or reacts (agent history, simulator, metrics, statistics) shares one hand-off per
        // switch, drained every RECORDS_BATCH_INTERVAL: an event wakes the notification thread alone. Woken for each
        // event, these consumers kept the notification thread waiting for one of the two cores (issue 5's profile).
        // With several voice environments these are called from each switch's records thread: the JDBC store and the
        // simulator's parts are safe for that; the agent history's recorder, which keeps a batch, is one per switch.
        // The monitoring audit is not here: the durable sink in front of each switch appends its events on the switch
        // thread, in the journal's order with the device records.
        EventLog eventLog = new EventLog(directory);
        // The simulator needs the contact center, which needs the switches, which need this sink: relay through a field.
        Consumer<SwitchEvent> simulatorRelay = event -> {
            Simulator current = simulator;
            if (current != null) {
                current.events().accept(event);
            }
        };

        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "switch-timers");
            thread.setDaemon(true);
            return thread;
        });
        // Most ring-no-answer and wrap-up timers are cancelled (the agent answered); drop them at once instead of
        // keeping them queued until they would have fired.
        scheduler.setRemoveOnCancelPolicy(true);
        started.add(scheduler::shutdownNow);
        List<Switch> switches = new ArrayList<>();
        SessionRegistry sessions = new SessionRegistry();
        SipPhones sipPhones = options.phones() ? new SipPhones(Phones.settings(config, options.dataDir())) : null;
        List<EndpointDirectory> endpointDirectories = new ArrayList<>();
        List<SwitchMetrics> switchMetrics = new ArrayList<>();
        for (VoiceEnvironment environment : directory.environments()) {
            // Per switch, because the events do not name their switch and its metrics are tagged with it.
            SwitchMetrics recorder = metrics.switchMetrics(environment, directory);
            switchMetrics.add(recorder);
            String recordsName = "records-" + environment.name();
            EventHandOff records = new EventHandOff(recordsName, HAND_OFF_CAPACITY, clock,
                    EventConsumers.each(List.of(recorder, new AgentHistoryRecorder(store), simulatorRelay, eventLog,
                            statistics.consumerFor(environment.name()), console.consumerFor(environment.name()))),
                    RECORDS_BATCH_INTERVAL);
            started.add(records);
            this.records.add(records);
            metrics.handOff(recordsName, records);
            SwitchExecutor executor = new SwitchExecutor(environment.name());
            started.add(executor);
            EndpointDirectory endpoints = new EndpointDirectory(environment.name(), sipPhones);
            endpointDirectories.add(endpoints);
            switches.add(new Switch(environment, directory, executor, clock, new ScheduledTimers(scheduler, executor),
                    durable.sink(EventSink.fanOut(List.of(notifications, records))), sessions, endpoints,
                    IdSource.random(System.nanoTime())));
        }
        for (int i = 0; i < switches.size(); i++) {
            switchMetrics.get(i).bind(switches.get(i));
        }
        contactCenter = new ContactCenter(directory, switches);
        // What the last process left: sessions, states, features and subscriptions go on; what was open in the audit
        // and the histories that did not go on has ended (calls never survive). Before serving and before the simulator.
        Restored restoredState = Restart.restore(contactCenter, durable.recovered(), audit);
        OpenEnds.close(audit, store, OpenEnds.RESTART, clock.instant(), Restart.continuing(contactCenter));
        restored = true;
        LOG.info("event=restore sessions={} subscriptions={} dropped={}", restoredState.sessionUserIds().size(),
                restoredState.subscriptions(), restoredState.dropped().size());
        restoredState.dropped().forEach(line -> LOG.warn("event=restore-dropped what={}", Kv.value(line)));
        bayeux.addListener(new RestartNotices(contactCenter, Set.copyOf(restoredState.sessionUserIds()), clock));
        long seed = System.nanoTime();
        simulator = new Simulator(contactCenter, scheduler, seed, Simulator.Settings.defaults(options.traffic()));
        endpointDirectories.forEach(endpoints -> endpoints.externalNumbers(simulator.customers()));
        started.add(simulator);
        if (sipPhones != null) {
            sipPhones.attach(contactCenter);
            try {
                sipPhones.start();
            } catch (Exception failure) {
                if (hasCause(failure, java.net.SocketException.class)) {
                    throw new StartupException("the SIP port " + config.sip().host() + ":" + config.sip().port()
                            + " cannot be bound (in use?); start with another --sip-port (0 picks a free one)", failure);
                }
                throw failure;
            }
            started.add(sipPhones);
            phones = sipPhones;
            metrics.phones(sipPhones);
            // Browsers as audio endpoints (issue 14): a WebSocket beside CometD's, legs in the phones' mixer rooms.
            AudioEndpoint.install(jetty, context, directory, logins, tokens, sipPhones.browsers());
        }

        // The access and operation log, first: its latency includes everything after it.
        FilterHolder requestLog = new FilterHolder(new RequestLog());
        for (String namespace : List.of("/api/v2/*", "/sim/v1/*", "/ext/v1/*")) {
            context.addFilter(requestLog, namespace, EnumSet.of(DispatcherType.REQUEST));
        }
        // Mapped before authentication, so that refused requests are counted too.
        FilterHolder httpMetrics = new FilterHolder(metrics.httpMetrics(Set.of("gws-api", "simulator-api", "extension-api")));
        for (String namespace : List.of("/api/v2/*", "/sim/v1/*", "/ext/v1/*")) {
            context.addFilter(httpMetrics, namespace, EnumSet.of(DispatcherType.REQUEST));
        }
        Router api = new Router();
        Acknowledgements acknowledgements = durable.acknowledgements(settings.durability().agentStatesSync());
        new MeApi(contactCenter, mapper, audit, clock, contactCenterSettings.agentStates(), acknowledgements).register(api);
        new DirectoryApi(contactCenter, mapper).register(api);
        new CallsApi(contactCenter, mapper, contactCenterSettings.dispositions()).register(api);
        new SettingsApi(contactCenterSettings).register(api);
        context.addFilter(new FilterHolder(new AuthFilter(directory, logins, tokens, settings.csrf(), sessionLifetimes)), "/api/v2/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("gws-api", new ApiServlet(api)), "/api/v2/*");
        Router sim = new Router();
        if (phones != null) {
            SipPhones carried = phones;
            simulator.legMedia(legId -> carried.mediaStats(legId).map(Phones::mediaJson).orElse(null));
        }
        simulator.register(sim);
        context.addFilter(new FilterHolder(new AuthFilter(directory, logins, tokens, settings.csrf(), sessionLifetimes,
                false)), "/sim/v1/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("simulator-api", new ApiServlet(sim)), "/sim/v1/*");
        Router ext = new Router();
        new ExtApi(contactCenter, audit, auditTable::isReachable, metrics::scrape).sentCounts(publisher::sentCounts).registerAll(ext);
        new RecordingsApi(Phones.recordings(options.dataDir())).register(ext);
        console.install(context, ext, contactCenter, logins, tokens, config);
        new AgentActions(contactCenter, audit, contactCenterSettings.agentStates(), clock, acknowledgements).register(ext);
        new MonitoringCallsApi(contactCenter, acknowledgements).register(ext);
        EchoApi echo = new EchoApi(publisher, options.dataDir().resolve("diagnostics").resolve("echo-fdatasync.bin"));
        started.add(echo);
        echo.register(ext);
        context.addFilter(new FilterHolder(new AuthFilter(directory, logins, tokens, settings.csrf(), sessionLifetimes,
                false)), "/ext/v1/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("extension-api", new ApiServlet(ext)), "/ext/v1/*");

        // Bearer tokens for the statistics API and any GWS client (public: the client and the user authenticate here).
        context.addServlet(new ServletHolder("token-api", new TokenServlet(new OAuthClients(config.oauth().clients()), logins, tokens)),
                TokenServlet.PATH);

        // The CometD example page and the JavaScript client it loads (public: the page logs in by itself).
        context.addServlet(new ServletHolder("examples", new ExamplesServlet()), "/examples/*");

        jetty.setHandler(CrossOrigin.wrap(settings.cors(), context));
        jetty.setStopTimeout(Duration.ofSeconds(5).toMillis());
        jetty.start();
        simulator.start();
        if (options.traffic() > 0) {
            LOG.info("Simulated traffic: {} calls per minute to routing point 7000, bot agents {}, seed {}", options.traffic(),
                    Simulator.Settings.defaults(options.traffic()).botUserNames(), seed);
        }
        running = true;
        LOG.info("event=start version={} java={} jetty={} cometd={} url={} port={} dataDir={} store={} users={} dns={} traffic={}",
                Versions.SWITCHBOARD, Runtime.version(), Versions.jetty(), Versions.cometd(), baseUrl, port,
                embedded ? options.dataDir().toAbsolutePath().normalize() : "-", url.replaceAll("password=[^;&]*", "password=***"),
                directory.users().size(), directory.dns().size(), options.traffic());
    }

    private static LoginThrottle.Settings loginThrottleSettings(LoginThrottleConfig config) {
        return new LoginThrottle.Settings(config.enabled(), config.failuresBeforeDelay(), config.addressFailuresBeforeDelay(),
                config.maxDelaySeconds(), config.lockoutAfterFailures(), config.lockoutSeconds(), config.windowSeconds());
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** {@code http://host:port}, as bound. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The SIP phones and trunks, when the server was started with them. */
    public Optional<SipPhones> phones() {
        return Optional.ofNullable(phones);
    }

    public ContactCenter contactCenter() {
        return contactCenter;
    }

    /** The agents' state history the server keeps (read by tests and tools). */
    public AgentHistoryStore agentHistory() {
        return agentHistory;
    }

    /** Stops HTTP first (no new commands), then the switches, then delivers and stops the hand-offs and the store. */
    @Override
    public void close() {
        long stopping = System.nanoTime();
        List<AutoCloseable> order = new ArrayList<>(started);
        java.util.Collections.reverse(order);
        // Jetty was started after the store and the hand-offs; stop it before them regardless of list order.
        for (AutoCloseable closeable : order) {
            try {
                closeable.close();
            } catch (Exception failure) {
                LOG.warn("Stopping {} failed", closeable, failure);
            }
        }
        started.clear();
        if (running) {
            running = false;
            // The hand-offs deliver what they hold before they stop: every event published was delivered or counted here.
            long recorded = records.stream().mapToLong(EventHandOff::delivered).sum();
            long overflowed = notifications.overflowed() + records.stream().mapToLong(EventHandOff::overflowed).sum();
            LOG.info("event=stop notificationsDelivered={} recordsDelivered={} overflowed={} store=closed tookMs={}",
                    notifications.delivered(), recorded, overflowed, (System.nanoTime() - stopping) / 1_000_000);
        }
    }
}
