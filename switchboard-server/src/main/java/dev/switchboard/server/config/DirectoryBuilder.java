package dev.switchboard.server.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.switchboard.core.directory.AgentGroup;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.EnvironmentType;
import dev.switchboard.core.directory.Feature;
import dev.switchboard.core.directory.Place;
import dev.switchboard.core.directory.Role;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.store.IdentityStore;
import dev.switchboard.server.config.ContactCenterConfig.DnConfig;
import dev.switchboard.server.config.ContactCenterConfig.EnvironmentConfig;
import dev.switchboard.server.config.ContactCenterConfig.GroupConfig;
import dev.switchboard.server.config.ContactCenterConfig.PlaceConfig;
import dev.switchboard.server.config.ContactCenterConfig.UserConfig;

/**
 * Turns a checked configuration into the core {@link Directory}, taking every id from the {@link IdentityStore} so
 * that the same data directory gives the same ids on every start. Users are keyed by user name, places by name,
 * environments by name and DNs by environment and number.
 */
public final class DirectoryBuilder {

    private DirectoryBuilder() {
    }

    /** The contact center's own id (GWS {@code contactCenterId}). */
    public static String contactCenterId(IdentityStore ids) {
        return ids.stableId("contact-center", "default", () -> UUID.randomUUID().toString());
    }

    /**
     * Builds the directory.
     *
     * @param environmentType when not {@code null}, the type every voice environment gets (the launcher's
     *                        {@code --environment}), whatever the file says
     */
    public static Directory build(ContactCenterConfig config, IdentityStore ids, EnvironmentType environmentType) {
        List<VoiceEnvironment> environments = new ArrayList<>();
        List<Dn> dns = new ArrayList<>();
        for (EnvironmentConfig environment : config.voiceEnvironments()) {
            EnvironmentType type = environmentType != null ? environmentType : EnvironmentType.fromConfigName(environment.type());
            environments.add(new VoiceEnvironment(uuid(ids, "environment", environment.name()), environment.name(), type,
                    environment.monitoring().settings()));
            for (DnConfig dn : environment.dns()) {
                dns.add(dn(ids, dn, environment.name(), null));
            }
        }
        String onlyEnvironment = config.voiceEnvironments().get(0).name();
        List<Place> places = new ArrayList<>();
        for (PlaceConfig place : config.places()) {
            String environment = place.environment() == null ? onlyEnvironment : place.environment();
            places.add(new Place(hex(ids, "place", place.name()), place.name(), environment,
                    place.dns().stream().map(DnConfig::number).toList()));
            for (DnConfig dn : place.dns()) {
                dns.add(dn(ids, dn, environment, place.name()));
            }
        }
        List<User> users = new ArrayList<>();
        for (UserConfig user : config.users()) {
            users.add(new User(userId(ids, user.userName()), user.userName(), user.firstName(), user.lastName(),
                    user.emailAddress(), roles(user.roles()), features(user.features()), user.place()));
        }
        Map<String, String> idByName = users.stream().collect(Collectors.toMap(User::userName, User::id));
        Function<List<String>, Set<String>> toIds = names -> names.stream().map(idByName::get).collect(Collectors.toSet());
        List<AgentGroup> groups = new ArrayList<>();
        for (GroupConfig group : config.agentGroups()) {
            groups.add(new AgentGroup(group.name(), toIds.apply(group.members()), toIds.apply(group.supervisors()),
                    group.wrapUpSeconds()));
        }
        return new Directory(environments, users, places, dns, groups);
    }

    /** The stable id of a user name. */
    public static String userId(IdentityStore ids, String userName) {
        return hex(ids, "user", userName);
    }

    private static Dn dn(IdentityStore ids, DnConfig dn, String environment, String place) {
        return new Dn(uuid(ids, "dn", environment + "/" + dn.number()), dn.number(), DnType.fromConfigName(dn.type()),
                environment, place, dn.routeTo(), dn.agentGroup(), dn.ringNoAnswerSeconds());
    }

    private static Set<Role> roles(List<String> names) {
        Set<Role> roles = new LinkedHashSet<>();
        for (String name : names) {
            roles.add(Role.fromWireName(name));
        }
        return roles;
    }

    private static Set<String> features(List<String> names) {
        Set<String> features = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equals("all")) {
                features.addAll(Feature.ALL);
            } else {
                features.add(name);
            }
        }
        return features;
    }

    private static String uuid(IdentityStore ids, String kind, String key) {
        return ids.stableId(kind, key, () -> UUID.randomUUID().toString());
    }

    private static String hex(IdentityStore ids, String kind, String key) {
        return ids.stableId(kind, key, () -> UUID.randomUUID().toString().replace("-", ""));
    }
}
