package dev.switchboard.server.config;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.switchboard.core.directory.MonitoringSettings;

/**
 * One YAML file that describes a contact center and the server that runs it. Bound by Jackson, then checked by
 * {@link ConfigLoader}; every field here is what the file may say, nothing more.
 */
public record ContactCenterConfig(
        ServerConfig server,
        CompatibilityConfig compatibility,
        @JsonProperty("voiceEnvironments") List<EnvironmentConfig> voiceEnvironments,
        List<PlaceConfig> places,
        List<UserConfig> users,
        @JsonProperty("agentGroups") List<GroupConfig> agentGroups,
        @JsonProperty("agentStates") List<AgentStateConfig> agentStates,
        DispositionsConfig dispositions,
        SipConfig sip,
        OAuthConfig oauth,
        StatisticsConfig statistics,
        ConsoleConfig console) {

    public ContactCenterConfig {
        server = server == null ? ServerConfig.DEFAULTS : server;
        compatibility = compatibility == null ? CompatibilityConfig.DEFAULTS : compatibility;
        voiceEnvironments = voiceEnvironments == null ? List.of() : voiceEnvironments;
        places = places == null ? List.of() : places;
        users = users == null ? List.of() : users;
        agentGroups = agentGroups == null ? List.of() : agentGroups;
        agentStates = agentStates == null ? List.of() : agentStates;
        dispositions = dispositions == null ? DispositionsConfig.DEFAULTS : dispositions;
        sip = sip == null ? SipConfig.DEFAULTS : sip;
        oauth = oauth == null ? OAuthConfig.DEFAULTS : oauth;
        statistics = statistics == null ? StatisticsConfig.DEFAULTS : statistics;
        console = console == null ? ConsoleConfig.DEFAULTS : console;
    }

    /** A contact center with the default console settings. */
    public ContactCenterConfig(ServerConfig server, CompatibilityConfig compatibility, List<EnvironmentConfig> voiceEnvironments,
                               List<PlaceConfig> places, List<UserConfig> users, List<GroupConfig> agentGroups,
                               List<AgentStateConfig> agentStates, DispositionsConfig dispositions, SipConfig sip, OAuthConfig oauth,
                               StatisticsConfig statistics) {
        this(server, compatibility, voiceEnvironments, places, users, agentGroups, agentStates, dispositions, sip, oauth, statistics,
                null);
    }

    /** A contact center with the default token and statistics settings. */
    public ContactCenterConfig(ServerConfig server, CompatibilityConfig compatibility, List<EnvironmentConfig> voiceEnvironments,
                               List<PlaceConfig> places, List<UserConfig> users, List<GroupConfig> agentGroups,
                               List<AgentStateConfig> agentStates, DispositionsConfig dispositions, SipConfig sip) {
        this(server, compatibility, voiceEnvironments, places, users, agentGroups, agentStates, dispositions, sip, null, null);
    }

    /** A contact center with the default SIP settings. */
    public ContactCenterConfig(ServerConfig server, CompatibilityConfig compatibility, List<EnvironmentConfig> voiceEnvironments,
                               List<PlaceConfig> places, List<UserConfig> users, List<GroupConfig> agentGroups,
                               List<AgentStateConfig> agentStates, DispositionsConfig dispositions) {
        this(server, compatibility, voiceEnvironments, places, users, agentGroups, agentStates, dispositions, null, null, null);
    }

    /** A contact center without configured agent states or dispositions. */
    public ContactCenterConfig(ServerConfig server, CompatibilityConfig compatibility, List<EnvironmentConfig> voiceEnvironments,
                               List<PlaceConfig> places, List<UserConfig> users, List<GroupConfig> agentGroups) {
        this(server, compatibility, voiceEnvironments, places, users, agentGroups, null, null, null, null, null);
    }

    /** The same contact center run by another server configuration. */
    public ContactCenterConfig withServer(ServerConfig newServer) {
        return new ContactCenterConfig(newServer, compatibility, voiceEnvironments, places, users, agentGroups, agentStates,
                dispositions, sip, oauth, statistics, console);
    }

    /** The same contact center with other SIP settings. */
    public ContactCenterConfig withSip(SipConfig newSip) {
        return new ContactCenterConfig(server, compatibility, voiceEnvironments, places, users, agentGroups, agentStates,
                dispositions, newSip, oauth, statistics, console);
    }

    /** The same contact center with other token settings. */
    public ContactCenterConfig withOAuth(OAuthConfig newOAuth) {
        return new ContactCenterConfig(server, compatibility, voiceEnvironments, places, users, agentGroups, agentStates,
                dispositions, sip, newOAuth, statistics, console);
    }

    /**
     * The token endpoint {@code POST /auth/v3/oauth/token} (docs/configuration.md, "Tokens"): the clients that may ask
     * for tokens and how long a token lives. No client: every token request is refused.
     */
    public record OAuthConfig(Integer tokenLifetimeSeconds, List<ClientConfig> clients) {
        static final OAuthConfig DEFAULTS = new OAuthConfig(null, null);

        public OAuthConfig {
            tokenLifetimeSeconds = tokenLifetimeSeconds == null ? 3600 : tokenLifetimeSeconds;
            clients = clients == null ? List.of() : clients;
        }
    }

    /**
     * A client of the token endpoint, authenticated by HTTP Basic {@code clientId:secret}. {@code secretHash} is a bcrypt
     * hash; a plain {@code secret} is accepted only when {@code server.demoPasswords} is true.
     */
    public record ClientConfig(@JsonProperty("clientId") String clientId, String secret, String secretHash) {
    }

    /**
     * The browser console (docs/configuration.md, "Console"): after how many seconds the floor colours an agent's state,
     * call or hold and raises an alert, and the service level a queue should reach (in % of calls answered within
     * {@code statistics.serviceLevelSeconds}).
     */
    public record ConsoleConfig(Integer notReadySeconds, Integer afterCallWorkSeconds, Integer ringingSeconds, Integer callSeconds,
                                Integer holdSeconds, Integer serviceLevelTargetPercent) {
        static final ConsoleConfig DEFAULTS = new ConsoleConfig(null, null, null, null, null, null);

        public ConsoleConfig {
            notReadySeconds = notReadySeconds == null ? 300 : notReadySeconds;
            afterCallWorkSeconds = afterCallWorkSeconds == null ? 60 : afterCallWorkSeconds;
            ringingSeconds = ringingSeconds == null ? 15 : ringingSeconds;
            callSeconds = callSeconds == null ? 600 : callSeconds;
            holdSeconds = holdSeconds == null ? 60 : holdSeconds;
            serviceLevelTargetPercent = serviceLevelTargetPercent == null ? 80 : serviceLevelTargetPercent;
        }
    }

    /** The statistics API: the service-level threshold ({@code ServiceLevel} counts calls answered within it). */
    public record StatisticsConfig(Integer serviceLevelSeconds) {
        static final StatisticsConfig DEFAULTS = new StatisticsConfig(null);

        public StatisticsConfig {
            serviceLevelSeconds = serviceLevelSeconds == null ? 20 : serviceLevelSeconds;
        }
    }

    /**
     * Where phones and trunks reach Switchboard (README, "Use a real phone"): the SIP address (UDP and TCP), the RTP
     * port range, the trunks whose INVITEs are customers' calls, and how long a leg may send no RTP.
     *
     * @param rtpPorts FIRST-LAST, e.g. {@code 20000-20999}
     */
    public record SipConfig(Integer port, String host, String rtpPorts, List<TrunkConfig> trunks, Integer inactivitySeconds) {
        static final SipConfig DEFAULTS = new SipConfig(null, null, null, null, null);
        private static final java.util.regex.Pattern RTP_RANGE = java.util.regex.Pattern.compile("([0-9]{1,5})-([0-9]{1,5})");

        public SipConfig {
            port = port == null ? 5060 : port;
            host = host == null ? "127.0.0.1" : host;
            rtpPorts = rtpPorts == null ? "20000-20999" : rtpPorts;
            trunks = trunks == null ? List.of() : trunks;
            inactivitySeconds = inactivitySeconds == null ? 30 : inactivitySeconds;
        }

        /** Whether {@code range} is a usable {@code FIRST-LAST} RTP range: within 1024-65535, room for at least one leg. */
        public static boolean validRtpPorts(String range) {
            java.util.regex.Matcher bounds = RTP_RANGE.matcher(range);
            if (!bounds.matches()) {
                return false;
            }
            int first = Integer.parseInt(bounds.group(1));
            int last = Integer.parseInt(bounds.group(2));
            return first >= 1024 && last <= 65535 && first + 2 <= last;
        }

        public SipConfig withPort(int newPort) {
            return new SipConfig(newPort, host, rtpPorts, trunks, inactivitySeconds);
        }

        public SipConfig withHost(String newHost) {
            return new SipConfig(port, newHost, rtpPorts, trunks, inactivitySeconds);
        }

        public SipConfig withRtpPorts(String newRange) {
            return new SipConfig(port, host, newRange, trunks, inactivitySeconds);
        }
    }

    /**
     * A SIP peer carrying customers' calls: INVITEs from its {@code sources} ({@code host} or {@code host:port}) are
     * external calls; calls to numbers outside the dial plan go to {@code outbound} (e.g. {@code sip:{number}@10.0.0.5})
     * when given.
     */
    public record TrunkConfig(String name, List<String> sources, String outbound) {
        public TrunkConfig {
            sources = sources == null ? List.of() : sources;
        }
    }

    /** The HTTP server, the store and the login throttle. */
    public record ServerConfig(Integer port, String host, String externalBaseUrl, Boolean csrf, CorsConfig cors,
                               Integer sessionTimeoutSeconds, Boolean demoPasswords, StoreConfig store,
                               LoginThrottleConfig loginThrottle, DurabilityConfig durability) {
        static final ServerConfig DEFAULTS = new ServerConfig(null, null, null, null, null, null, null, null, null, null);

        public ServerConfig {
            port = port == null ? 8080 : port;
            host = host == null ? "127.0.0.1" : host;
            csrf = csrf == null ? Boolean.TRUE : csrf;
            cors = cors == null ? CorsConfig.DEFAULTS : cors;
            sessionTimeoutSeconds = sessionTimeoutSeconds == null ? 1800 : sessionTimeoutSeconds;
            demoPasswords = demoPasswords == null ? Boolean.FALSE : demoPasswords;
            store = store == null ? StoreConfig.DEFAULTS : store;
            loginThrottle = loginThrottle == null ? LoginThrottleConfig.DEFAULTS : loginThrottle;
            durability = durability == null ? DurabilityConfig.DEFAULTS : durability;
        }

        public ServerConfig withPort(int newPort) {
            return new ServerConfig(newPort, host, externalBaseUrl, csrf, cors, sessionTimeoutSeconds,
                    demoPasswords, store, loginThrottle, durability);
        }

        public ServerConfig withHost(String newHost) {
            return new ServerConfig(port, newHost, externalBaseUrl, csrf, cors, sessionTimeoutSeconds,
                    demoPasswords, store, loginThrottle, durability);
        }

        public ServerConfig withStore(StoreConfig newStore) {
            return new ServerConfig(port, host, externalBaseUrl, csrf, cors, sessionTimeoutSeconds,
                    demoPasswords, newStore, loginThrottle, durability);
        }

        public ServerConfig withLoginThrottle(LoginThrottleConfig newThrottle) {
            return new ServerConfig(port, host, externalBaseUrl, csrf, cors, sessionTimeoutSeconds,
                    demoPasswords, store, newThrottle, durability);
        }

        public ServerConfig withDurability(DurabilityConfig newDurability) {
            return new ServerConfig(port, host, externalBaseUrl, csrf, cors, sessionTimeoutSeconds, demoPasswords, store, loginThrottle,
                    newDurability);
        }
    }

    /**
     * The back-off after failed logins ({@code LoginThrottle}); on by default. Each key optional; see
     * docs/configuration.md.
     */
    public record LoginThrottleConfig(Boolean enabled, Integer failuresBeforeDelay, Integer addressFailuresBeforeDelay,
                                      Integer maxDelaySeconds, Integer lockoutAfterFailures, Integer lockoutSeconds,
                                      Integer windowSeconds) {
        static final LoginThrottleConfig DEFAULTS = new LoginThrottleConfig(null, null, null, null, null, null, null);

        public LoginThrottleConfig {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            failuresBeforeDelay = failuresBeforeDelay == null ? 5 : failuresBeforeDelay;
            addressFailuresBeforeDelay = addressFailuresBeforeDelay == null ? 20 : addressFailuresBeforeDelay;
            maxDelaySeconds = maxDelaySeconds == null ? 60 : maxDelaySeconds;
            lockoutAfterFailures = lockoutAfterFailures == null ? 20 : lockoutAfterFailures;
            lockoutSeconds = lockoutSeconds == null ? 300 : lockoutSeconds;
            windowSeconds = windowSeconds == null ? 900 : windowSeconds;
        }
    }

    /** Cross-origin settings, as GWS's {@code crossOriginSettings}. No allowed origin means CORS is off. */
    public record CorsConfig(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                             List<String> exposedHeaders, Boolean allowCredentials, Integer maxAgeSeconds) {
        static final CorsConfig DEFAULTS = new CorsConfig(null, null, null, null, null, null);

        public CorsConfig {
            allowedOrigins = allowedOrigins == null ? List.of() : allowedOrigins;
            allowedMethods = allowedMethods == null ? List.of("GET", "POST", "PUT", "DELETE", "OPTIONS") : allowedMethods;
            allowedHeaders = allowedHeaders == null ? List.of("X-Requested-With", "Content-Type", "Accept", "Origin", "Cookie",
                    "Authorization", "ContactCenterId", "X-CSRF-TOKEN") : allowedHeaders;
            exposedHeaders = exposedHeaders == null ? List.of("X-CSRF-HEADER", "X-CSRF-TOKEN") : exposedHeaders;
            allowCredentials = allowCredentials == null ? Boolean.TRUE : allowCredentials;
            maxAgeSeconds = maxAgeSeconds == null ? 120 : maxAgeSeconds;
        }
    }

    /** Where the store lives: a JDBC URL, or by default an embedded H2 database in the data directory. */
    /**
     * What a reply waits for. {@code agentStates}: {@code sync} (default) acknowledges an agent-state change once its
     * journal record is on disk (one fdatasync shared by every change of the same moment); {@code async} acknowledges
     * it at once, and a crash may lose the last few. Sessions, features and monitoring are always {@code sync}.
     */
    public record DurabilityConfig(String agentStates) {
        static final DurabilityConfig DEFAULTS = new DurabilityConfig(null);

        public DurabilityConfig {
            agentStates = agentStates == null ? "sync" : agentStates;
        }

        /** Whether agent-state replies wait for the disk. */
        public boolean agentStatesSync() {
            return "sync".equals(agentStates);
        }
    }

    public record StoreConfig(String url, String user, String password) {
        static final StoreConfig DEFAULTS = new StoreConfig(null, null, null);
    }

    /** Choices for older GWS clients. {@code participants}: {@code objects} (8.5.2) or {@code strings} (8.5.1). */
    public record CompatibilityConfig(String participants) {
        static final CompatibilityConfig DEFAULTS = new CompatibilityConfig(null);

        public CompatibilityConfig {
            participants = participants == null ? "objects" : participants;
        }
    }

    /**
     * A voice environment (switch), the DNs that belong to no place (routing points and ACD queues), and its
     * supervision options ({@code monitoring}, T-Server's defaults when left out).
     */
    public record EnvironmentConfig(String name, String type, List<DnConfig> dns, MonitoringConfig monitoring) {
        public EnvironmentConfig {
            dns = dns == null ? List.of() : dns;
            monitoring = monitoring == null ? MonitoringConfig.DEFAULTS : monitoring;
        }
    }

    /**
     * A voice environment's supervision options, named after T-Server's, each optional:
     * {@code monitorConsultCalls} ({@code none} by default, {@code dest}, {@code orig} or {@code all}: which
     * consultation calls of a monitored agent are monitored), {@code intrusionEnabled} (true by default: BargeIn joins
     * a call the agent is already on), {@code listenInIntrudes} (false by default: ListenIn and Coach wait for the
     * next call) and {@code agentNotification} ({@code listen} by default, {@code off}, {@code coach+barge} or
     * {@code always}: when the monitored agent's call says a supervisor is on it).
     */
    public record MonitoringConfig(String monitorConsultCalls, Boolean intrusionEnabled, Boolean listenInIntrudes,
                                   String agentNotification) {
        static final MonitoringConfig DEFAULTS = new MonitoringConfig(null, null, null, null);

        public MonitoringConfig {
            monitorConsultCalls = monitorConsultCalls == null
                    ? MonitoringSettings.DEFAULTS.monitorConsultCalls().configName() : monitorConsultCalls;
            intrusionEnabled = intrusionEnabled == null ? MonitoringSettings.DEFAULTS.intrusionEnabled() : intrusionEnabled;
            listenInIntrudes = listenInIntrudes == null ? MonitoringSettings.DEFAULTS.listenInIntrudes() : listenInIntrudes;
            agentNotification = agentNotification == null
                    ? MonitoringSettings.DEFAULTS.agentNotification().configName() : agentNotification;
        }

        /** The settings the switch runs with; {@link ConfigLoader} has checked the names. */
        public MonitoringSettings settings() {
            return new MonitoringSettings(MonitoringSettings.ConsultCalls.fromConfigName(monitorConsultCalls), intrusionEnabled,
                    listenInIntrudes, MonitoringSettings.AgentNotification.fromConfigName(agentNotification));
        }
    }

    /**
     * A DN: its number and type (Extension, ACDPosition, RoutingPoint, ACDQueue). A routing point names the number it
     * routes to ({@code routeTo}); an ACD queue names the agent group it distributes to ({@code agentGroup}) and how
     * long a call rings at an agent before it returns to the queue ({@code ringNoAnswerSeconds}, default 15).
     */
    public record DnConfig(String number, String type, String routeTo, String agentGroup, Integer ringNoAnswerSeconds,
                           String sipPassword, String sipPasswordHash) {
        public DnConfig {
            ringNoAnswerSeconds = ringNoAnswerSeconds == null ? 15 : ringNoAnswerSeconds;
        }

        /** A DN no phone may register for. */
        public DnConfig(String number, String type, String routeTo, String agentGroup, Integer ringNoAnswerSeconds) {
            this(number, type, routeTo, agentGroup, ringNoAnswerSeconds, null, null);
        }
    }

    /** A place and its DNs; {@code environment} may be left out when there is only one. */
    public record PlaceConfig(String name, String environment, List<DnConfig> dns) {
        public PlaceConfig {
            dns = dns == null ? List.of() : dns;
        }
    }

    /**
     * A user. {@code passwordHash} is a bcrypt hash; a plain {@code password} is accepted only when
     * {@code server.demoPasswords} is true.
     */
    public record UserConfig(@JsonProperty("userName") String userName, String firstName, String lastName, String emailAddress,
                             List<String> roles, List<String> features, String password, String passwordHash, String place,
                             List<SkillConfig> skills) {
        public UserConfig {
            roles = roles == null ? List.of() : roles;
            features = features == null ? List.of() : features;
            skills = skills == null ? List.of() : skills;
        }

        /** A user without skills. */
        public UserConfig(String userName, String firstName, String lastName, String emailAddress, List<String> roles,
                          List<String> features, String password, String passwordHash, String place) {
            this(userName, firstName, lastName, emailAddress, roles, features, password, passwordHash, place, null);
        }
    }

    /** A skill of a user: its name and the user's level in it (1 by default). */
    public record SkillConfig(String name, Integer level) {
        public SkillConfig {
            level = level == null ? 1 : level;
        }
    }

    /** An agent group: members and supervisors by user name; after-call work after ACD calls. */
    public record GroupConfig(String name, List<String> members, List<String> supervisors, Integer wrapUpSeconds) {
        public GroupConfig {
            members = members == null ? List.of() : members;
            supervisors = supervisors == null ? List.of() : supervisors;
            wrapUpSeconds = wrapUpSeconds == null ? 0 : wrapUpSeconds;
        }
    }

    /**
     * An agent state with a reason, beside the system ones: its reason code ({@code reason}, what a desktop sends as
     * {@code reasonCode}), its name in the state menu, and which way of not being ready it is ({@code NotReady} by
     * default, {@code AuxWork} or {@code AfterCallWork}).
     */
    public record AgentStateConfig(String reason, String displayName, String state) {
        public AgentStateConfig {
            state = state == null ? "NotReady" : state;
        }
    }

    /**
     * Call dispositions: the user-data key {@code SetCallDisposition} writes ({@code DispositionCode} by default) and
     * the codes with their display names (none: any disposition is taken as given).
     */
    public record DispositionsConfig(String key, List<DispositionConfig> codes) {
        static final DispositionsConfig DEFAULTS = new DispositionsConfig(null, null);

        public DispositionsConfig {
            key = key == null ? "DispositionCode" : key;
            codes = codes == null ? List.of() : codes;
        }
    }

    /** One disposition code and its display name (the code itself when left out). */
    public record DispositionConfig(String code, String displayName) {
    }
}
