package dev.switchboard.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.MonitoringSettings;
import dev.switchboard.core.directory.Role;
import dev.switchboard.server.config.ContactCenterConfig.DnConfig;
import dev.switchboard.server.config.ContactCenterConfig.EnvironmentConfig;
import dev.switchboard.server.config.ContactCenterConfig.GroupConfig;
import dev.switchboard.server.config.ContactCenterConfig.LoginThrottleConfig;
import dev.switchboard.server.config.ContactCenterConfig.PlaceConfig;
import dev.switchboard.server.config.ContactCenterConfig.ServerConfig;
import dev.switchboard.server.config.ContactCenterConfig.UserConfig;

/**
 * Reads a contact-center YAML file and checks it whole before anything starts. Every problem is reported as a
 * {@link ConfigException} naming the file, the path inside it ({@code users[3].roles[0]}) and the reason.
 */
public final class ConfigLoader {
    /** The demo contact center, shipped inside the server. */
    public static final String DEMO_RESOURCE = "/dev/switchboard/server/config/demo.yaml";

    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,20}");
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // 80.5 is not a port: refuse rather than truncate.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // A second 'users:' section must not silently replace the first.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /** Reads and checks the file. */
    public static ContactCenterConfig load(Path file) {
        String name = file.toString();
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException missing) {
            throw new ConfigException(name, "", "file not found");
        } catch (IOException unreadable) {
            throw new ConfigException(name, "", "cannot read: " + unreadable.getMessage());
        }
    }

    /** Reads and checks the demo contact center shipped with the server. */
    public static ContactCenterConfig loadDemo() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("demo.yaml", "", "missing from the server's resources");
            }
            return parse("demo.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new ConfigException("demo.yaml", "", "cannot read: " + unreadable.getMessage());
        }
    }

    /** Parses and checks YAML text; {@code fileName} only names the source in errors. */
    public static ContactCenterConfig parse(String fileName, String yaml) {
        ContactCenterConfig config;
        try {
            config = YAML.readValue(yaml, ContactCenterConfig.class);
        } catch (JsonMappingException mapping) {
            if (mapping.getOriginalMessage() != null && mapping.getOriginalMessage().startsWith("No content to map")) {
                throw new ConfigException(fileName, "", "the file is empty");
            }
            if (marked(mapping) != null) {
                // A syntax error met while binding a value (an unclosed quote in server.host) is still a syntax error.
                throw new ConfigException(fileName, "", syntaxError(mapping));
            }
            throw new ConfigException(fileName, pathOf(mapping), reasonOf(mapping));
        } catch (JsonProcessingException syntax) {
            throw new ConfigException(fileName, "", syntaxError(syntax));
        }
        if (config == null) {
            throw new ConfigException(fileName, "", "the file is empty");
        }
        new Checker(fileName).check(config);
        return config;
    }

    /**
     * "YAML syntax error at line L, column C: reason (while parsing … at line L, column C)". SnakeYAML's marks say where
     * the problem is; Jackson's {@link JsonLocation} is where its parser stood, sometimes a line earlier (an unclosed
     * quote), so it is used only when SnakeYAML gives no mark.
     */
    private static String syntaxError(JsonProcessingException syntax) {
        MarkedYAMLException marked = marked(syntax);
        if (marked != null) {
            Mark at = marked.getProblemMark();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext()
                    + (marked.getContextMark() == null ? "" : " that starts at line " + (marked.getContextMark().getLine() + 1)
                    + ", column " + (marked.getContextMark().getColumn() + 1)) + ")";
            return "YAML syntax error at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
                    + marked.getProblem() + context;
        }
        JsonLocation at = syntax.getLocation();
        String message = syntax.getOriginalMessage() == null ? "" : syntax.getOriginalMessage().split("\n", 2)[0].trim();
        return "YAML syntax error" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                + ": " + message;
    }

    /** SnakeYAML's own exception with its marks, when the failure is (or wraps) a YAML syntax error. */
    private static MarkedYAMLException marked(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked;
            }
        }
        return null;
    }

    private static String pathOf(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reasonOf(JsonMappingException mapping) {
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        String message = mapping.getOriginalMessage();
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut);
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (" + type.getSimpleName().replace("Config", "").toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /** The checks that binding cannot make: references, uniqueness, allowed values. */
    private static final class Checker {
        private final String file;

        Checker(String file) {
            this.file = file;
        }

        private ConfigException fail(String path, String reason) {
            return new ConfigException(file, path, reason);
        }

        void check(ContactCenterConfig config) {
            requireEntries("voiceEnvironments", config.voiceEnvironments(), "voice environment");
            for (int i = 0; i < config.voiceEnvironments().size(); i++) {
                requireEntries("voiceEnvironments[" + i + "].dns", config.voiceEnvironments().get(i).dns(), "DN");
            }
            requireEntries("places", config.places(), "place");
            for (int i = 0; i < config.places().size(); i++) {
                requireEntries("places[" + i + "].dns", config.places().get(i).dns(), "DN");
            }
            requireEntries("users", config.users(), "user");
            for (int i = 0; i < config.users().size(); i++) {
                requireEntries("users[" + i + "].roles", config.users().get(i).roles(), "role");
                requireEntries("users[" + i + "].features", config.users().get(i).features(), "feature");
            }
            requireEntries("agentGroups", config.agentGroups(), "agent group");
            for (int i = 0; i < config.agentGroups().size(); i++) {
                requireEntries("agentGroups[" + i + "].members", config.agentGroups().get(i).members(), "user name");
                requireEntries("agentGroups[" + i + "].supervisors", config.agentGroups().get(i).supervisors(), "user name");
            }
            checkServer(config.server());
            String participants = config.compatibility().participants();
            if (!participants.equals("objects") && !participants.equals("strings")) {
                throw fail("compatibility.participants", "must be 'objects' or 'strings', not '" + participants + "'");
            }
            Map<String, Set<String>> numbersByEnvironment = checkEnvironments(config.voiceEnvironments());
            Set<String> places = checkPlaces(config.places(), config.voiceEnvironments(), numbersByEnvironment);
            Map<String, UserConfig> users = checkUsers(config.users(), places, config.server().demoPasswords());
            checkGroups(config.agentGroups(), users);
            checkRouting(config);
            checkSip(config);
            OAuthChecks.check(file, config);
            ConsoleChecks.check(file, config);
            SettingsBuilder.build(config, file);
        }

        private void checkSip(ContactCenterConfig config) {
            ContactCenterConfig.SipConfig sip = config.sip();
            if (sip.port() < 0 || sip.port() > 65535) {
                throw fail("sip.port", "must be between 0 and 65535");
            }
            requireName("sip.host", sip.host());
            if (!ContactCenterConfig.SipConfig.validRtpPorts(sip.rtpPorts())) {
                throw fail("sip.rtpPorts", "must be FIRST-LAST within 1024-65535, e.g. 20000-20999, not '" + sip.rtpPorts() + "'");
            }
            if (sip.inactivitySeconds() < 1) {
                throw fail("sip.inactivitySeconds", "must be at least 1");
            }
            for (int i = 0; i < sip.trunks().size(); i++) {
                ContactCenterConfig.TrunkConfig trunk = sip.trunks().get(i);
                String path = "sip.trunks[" + i + "]";
                requireName(path + ".name", trunk.name());
                if (trunk.sources().isEmpty()) {
                    throw fail(path + ".sources", "list the addresses (host or host:port) whose INVITEs this trunk carries");
                }
                if (trunk.outbound() != null && (!trunk.outbound().startsWith("sip:") || !trunk.outbound().contains("{number}"))) {
                    throw fail(path + ".outbound", "must be a sip: URI template with {number}, e.g. sip:{number}@10.0.0.5:5060");
                }
            }
            for (int i = 0; i < config.places().size(); i++) {
                List<DnConfig> dns = config.places().get(i).dns();
                for (int j = 0; j < dns.size(); j++) {
                    DnConfig dn = dns.get(j);
                    String path = "places[" + i + "].dns[" + j + "]";
                    if (dn.sipPassword() != null && dn.sipPasswordHash() != null) {
                        throw fail(path, "give sipPassword or sipPasswordHash, not both");
                    }
                    if (dn.sipPassword() != null && !config.server().demoPasswords()) {
                        throw fail(path + ".sipPassword", "plain passwords are allowed only with server.demoPasswords: true;"
                                + " use sipPasswordHash (MD5 of DN:switchboard:password)");
                    }
                    if (dn.sipPasswordHash() != null && !MD5_HEX.matcher(dn.sipPasswordHash()).matches()) {
                        throw fail(path + ".sipPasswordHash", "must be 32 hex digits: MD5 of DN:switchboard:password");
                    }
                }
            }
        }

        private void checkRouting(ContactCenterConfig config) {
            Set<String> groups = new HashSet<>();
            config.agentGroups().forEach(group -> groups.add(group.name()));
            for (int i = 0; i < config.voiceEnvironments().size(); i++) {
                checkRouting("voiceEnvironments[" + i + "]", config.voiceEnvironments().get(i).dns(), groups);
            }
            for (int i = 0; i < config.places().size(); i++) {
                checkRouting("places[" + i + "]", config.places().get(i).dns(), groups);
            }
        }

        private void checkRouting(String owner, List<DnConfig> dns, Set<String> groups) {
            for (int j = 0; j < dns.size(); j++) {
                DnConfig dn = dns.get(j);
                String path = owner + ".dns[" + j + "]";
                DnType type = DnType.fromConfigName(dn.type());
                if (type == DnType.ROUTING_POINT) {
                    if (dn.routeTo() == null) {
                        throw fail(path + ".routeTo", "required: the number a routing point routes its calls to");
                    }
                    if (!NUMBER.matcher(dn.routeTo()).matches()) {
                        throw fail(path + ".routeTo", "must be 1 to 20 digits, not '" + dn.routeTo() + "'");
                    }
                    if (dn.routeTo().equals(dn.number())) {
                        throw fail(path + ".routeTo", "a routing point cannot route to itself");
                    }
                } else if (dn.routeTo() != null) {
                    throw fail(path + ".routeTo", "only a RoutingPoint routes");
                }
                if (type == DnType.ACD_QUEUE) {
                    if (dn.agentGroup() == null) {
                        throw fail(path + ".agentGroup", "required: the agent group an ACD queue distributes to");
                    }
                    if (!groups.contains(dn.agentGroup())) {
                        throw fail(path + ".agentGroup", "unknown agent group '" + dn.agentGroup() + "'");
                    }
                    if (dn.ringNoAnswerSeconds() <= 0) {
                        throw fail(path + ".ringNoAnswerSeconds", "must be positive");
                    }
                } else if (dn.agentGroup() != null) {
                    throw fail(path + ".agentGroup", "only an ACDQueue distributes to an agent group");
                } else if (dn.ringNoAnswerSeconds() != Dn.DEFAULT_RING_NO_ANSWER_SECONDS) {
                    throw fail(path + ".ringNoAnswerSeconds", "only an ACDQueue has a ring-no-answer time");
                }
            }
        }

        private void checkServer(ServerConfig server) {
            if (server.port() < 0 || server.port() > 65535) {
                throw fail("server.port", "must be between 0 and 65535, not " + server.port());
            }
            if (server.host().isBlank()) {
                throw fail("server.host", "must not be empty");
            }
            if (server.externalBaseUrl() != null) {
                try {
                    URI uri = URI.create(server.externalBaseUrl());
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        throw fail("server.externalBaseUrl", "must be an absolute http or https URL");
                    }
                } catch (IllegalArgumentException bad) {
                    throw fail("server.externalBaseUrl", "not a URL: " + bad.getMessage());
                }
            }
            if (server.sessionTimeoutSeconds() <= 0) {
                throw fail("server.sessionTimeoutSeconds", "must be positive");
            }
            if (server.cors().maxAgeSeconds() < 0) {
                throw fail("server.cors.maxAgeSeconds", "must not be negative");
            }
            String url = server.store().url();
            if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw fail("server.store.url", "must be a jdbc:h2: or jdbc:postgresql: URL");
            }
            checkLoginThrottle(server.loginThrottle());
            String agentStates = server.durability().agentStates();
            if (!agentStates.equals("sync") && !agentStates.equals("async")) {
                throw fail("server.durability.agentStates", "must be sync or async, not " + agentStates);
            }
        }

        private void checkLoginThrottle(LoginThrottleConfig throttle) {
            String path = "server.loginThrottle.";
            Map<String, Integer> positive = new LinkedHashMap<>();
            positive.put("failuresBeforeDelay", throttle.failuresBeforeDelay());
            positive.put("addressFailuresBeforeDelay", throttle.addressFailuresBeforeDelay());
            positive.put("maxDelaySeconds", throttle.maxDelaySeconds());
            positive.put("lockoutAfterFailures", throttle.lockoutAfterFailures());
            positive.put("lockoutSeconds", throttle.lockoutSeconds());
            positive.put("windowSeconds", throttle.windowSeconds());
            positive.forEach((key, value) -> {
                if (value < 1) {
                    throw fail(path + key, "must be at least 1, not " + value);
                }
            });
            if (throttle.lockoutAfterFailures() < throttle.failuresBeforeDelay()) {
                throw fail(path + "lockoutAfterFailures", "must be at least failuresBeforeDelay ("
                        + throttle.failuresBeforeDelay() + "), not " + throttle.lockoutAfterFailures());
            }
        }

        private Map<String, Set<String>> checkEnvironments(List<EnvironmentConfig> environments) {
            if (environments.isEmpty()) {
                throw fail("voiceEnvironments", "at least one voice environment is required");
            }
            Map<String, Set<String>> numbers = new HashMap<>();
            for (int i = 0; i < environments.size(); i++) {
                EnvironmentConfig environment = environments.get(i);
                String path = "voiceEnvironments[" + i + "]";
                requireName(path + ".name", environment.name());
                if (numbers.containsKey(environment.name())) {
                    throw fail(path + ".name", "duplicate voice environment '" + environment.name() + "'");
                }
                if (environment.type() == null) {
                    throw fail(path + ".type", "required: SipServer or SipCluster");
                }
                if (EnvironmentType.fromConfigName(environment.type()) == null) {
                    throw fail(path + ".type", "unknown type '" + environment.type() + "': SipServer or SipCluster");
                }
                String consultCalls = environment.monitoring().monitorConsultCalls();
                if (MonitoringSettings.ConsultCalls.fromConfigName(consultCalls) == null) {
                    throw fail(path + ".monitoring.monitorConsultCalls", "unknown value '" + consultCalls
                            + "': none, dest, orig or all");
                }
                String agentNotification = environment.monitoring().agentNotification();
                if (MonitoringSettings.AgentNotification.fromConfigName(agentNotification) == null) {
                    throw fail(path + ".monitoring.agentNotification", "unknown value '" + agentNotification
                            + "': off, listen, coach+barge or always");
                }
                Set<String> envNumbers = new HashSet<>();
                numbers.put(environment.name(), envNumbers);
                for (int j = 0; j < environment.dns().size(); j++) {
                    checkDn(path + ".dns[" + j + "]", environment.dns().get(j), envNumbers, false);
                }
            }
            return numbers;
        }

        private void checkDn(String path, DnConfig dn, Set<String> envNumbers, boolean inPlace) {
            if (dn.number() == null) {
                throw fail(path + ".number", "required");
            }
            if (!NUMBER.matcher(dn.number()).matches()) {
                throw fail(path + ".number", "must be 1 to 20 digits, not '" + dn.number() + "'");
            }
            if (!envNumbers.add(dn.number())) {
                throw fail(path + ".number", "duplicate number '" + dn.number() + "' in the voice environment");
            }
            if (dn.type() == null) {
                throw fail(path + ".type", "required");
            }
            DnType type = DnType.fromConfigName(dn.type());
            if (type == null) {
                throw fail(path + ".type", "unknown DN type '" + dn.type() + "': Extension, ACDPosition, RoutingPoint or ACDQueue");
            }
            if (inPlace && !type.isAgentDevice()) {
                throw fail(path + ".type", "a place holds only Extension and ACDPosition DNs");
            }
            if (!inPlace && type.isAgentDevice()) {
                throw fail(path + ".type", "Extension and ACDPosition DNs belong to a place");
            }
        }

        private Set<String> checkPlaces(List<PlaceConfig> places, List<EnvironmentConfig> environments,
                                        Map<String, Set<String>> numbers) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < places.size(); i++) {
                PlaceConfig place = places.get(i);
                String path = "places[" + i + "]";
                requireName(path + ".name", place.name());
                if (!names.add(place.name())) {
                    throw fail(path + ".name", "duplicate place '" + place.name() + "'");
                }
                String environment = place.environment();
                if (environment == null) {
                    if (environments.size() > 1) {
                        throw fail(path + ".environment", "required when there is more than one voice environment");
                    }
                    environment = environments.get(0).name();
                } else if (!numbers.containsKey(environment)) {
                    throw fail(path + ".environment", "unknown voice environment '" + environment + "'");
                }
                if (place.dns().isEmpty()) {
                    throw fail(path + ".dns", "a place needs at least one DN");
                }
                for (int j = 0; j < place.dns().size(); j++) {
                    checkDn(path + ".dns[" + j + "]", place.dns().get(j), numbers.get(environment), true);
                }
            }
            return names;
        }

        private Map<String, UserConfig> checkUsers(List<UserConfig> users, Set<String> places, boolean demoPasswords) {
            Map<String, UserConfig> byName = new HashMap<>();
            for (int i = 0; i < users.size(); i++) {
                UserConfig user = users.get(i);
                String path = "users[" + i + "]";
                requireName(path + ".userName", user.userName());
                if (user.userName().contains(":")) {
                    throw fail(path + ".userName", "must not contain ':' (it separates name and password in HTTP Basic)");
                }
                if (byName.put(user.userName(), user) != null) {
                    throw fail(path + ".userName", "duplicate user '" + user.userName() + "'");
                }
                if (user.roles().isEmpty()) {
                    throw fail(path + ".roles", "at least one role is required");
                }
                for (int j = 0; j < user.roles().size(); j++) {
                    if (Role.fromWireName(user.roles().get(j)) == null) {
                        throw fail(path + ".roles[" + j + "]", "unknown role '" + user.roles().get(j)
                                + "': ROLE_AGENT, ROLE_SUPERVISOR or ROLE_ADMIN");
                    }
                }
                for (int j = 0; j < user.features().size(); j++) {
                    String feature = user.features().get(j);
                    if (!feature.equals("all") && !Feature.ALL.contains(feature)) {
                        throw fail(path + ".features[" + j + "]", "unknown feature '" + feature + "': one of " + Feature.ALL + " or all");
                    }
                }
                checkPassword(path, user, demoPasswords);
                if (user.place() != null && !places.contains(user.place())) {
                    throw fail(path + ".place", "unknown place '" + user.place() + "'");
                }
            }
            return byName;
        }

        private void checkPassword(String path, UserConfig user, boolean demoPasswords) {
            if (user.password() != null && user.passwordHash() != null) {
                throw fail(path, "give password or passwordHash, not both");
            }
            if (user.password() == null && user.passwordHash() == null) {
                throw fail(path + ".passwordHash", "required (a bcrypt hash)");
            }
            if (user.password() != null && !demoPasswords) {
                throw fail(path + ".password", "plain passwords are allowed only with server.demoPasswords: true; use passwordHash");
            }
            if (user.passwordHash() != null && !BCRYPT.matcher(user.passwordHash()).matches()) {
                throw fail(path + ".passwordHash", "not a bcrypt hash ($2a$/$2b$/$2y$, 60 characters)");
            }
        }

        private void checkGroups(List<GroupConfig> groups, Map<String, UserConfig> users) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < groups.size(); i++) {
                GroupConfig group = groups.get(i);
                String path = "agentGroups[" + i + "]";
                requireName(path + ".name", group.name());
                if (!names.add(group.name())) {
                    throw fail(path + ".name", "duplicate agent group '" + group.name() + "'");
                }
                if (group.wrapUpSeconds() < 0) {
                    throw fail(path + ".wrapUpSeconds", "must not be negative");
                }
                for (int j = 0; j < group.members().size(); j++) {
                    if (!users.containsKey(group.members().get(j))) {
                        throw fail(path + ".members[" + j + "]", "unknown user '" + group.members().get(j) + "'");
                    }
                }
                for (int j = 0; j < group.supervisors().size(); j++) {
                    UserConfig supervisor = users.get(group.supervisors().get(j));
                    if (supervisor == null) {
                        throw fail(path + ".supervisors[" + j + "]", "unknown user '" + group.supervisors().get(j) + "'");
                    }
                    if (!supervisor.roles().contains(Role.SUPERVISOR.wireName())) {
                        throw fail(path + ".supervisors[" + j + "]", "user '" + supervisor.userName() + "' lacks ROLE_SUPERVISOR");
                    }
                }
            }
        }

        private void requireEntries(String path, List<?> entries, String what) {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) == null) {
                    throw fail(path + "[" + i + "]", "empty entry: expected a " + what);
                }
            }
        }

        private void requireName(String path, String name) {
            if (name == null || name.isBlank()) {
                throw fail(path, "required");
            }
        }
    }
}
