package dev.switchboard.core.directory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured contact center: users, places, DNs, voice environments and agent groups. Immutable once built;
 * every thread may read it. Ids are assigned before it is built (see the store), so they are stable across restarts.
 */
public final class Directory {
    private final Map<String, VoiceEnvironment> environmentsByName;
    private final Map<String, VoiceEnvironment> environmentsById;
    private final Map<String, User> usersById;
    private final Map<String, User> usersByName;
    private final Map<String, Place> placesByName;
    private final Map<String, Dn> dnsById;
    private final Map<String, Map<String, Dn>> dnsByEnvironmentAndNumber;
    private final List<AgentGroup> groups;

    public Directory(Collection<VoiceEnvironment> environments, Collection<User> users, Collection<Place> places,
                     Collection<Dn> dns, Collection<AgentGroup> groups) {
        this.environmentsByName = index(environments, VoiceEnvironment::name);
        this.environmentsById = index(environments, VoiceEnvironment::id);
        this.usersById = index(users, User::id);
        this.usersByName = index(users, User::userName);
        this.placesByName = index(places, Place::name);
        this.dnsById = index(dns, Dn::id);
        Map<String, Map<String, Dn>> byNumber = new LinkedHashMap<>();
        for (Dn dn : dns) {
            byNumber.computeIfAbsent(dn.environment(), e -> new LinkedHashMap<>()).put(dn.number(), dn);
        }
        byNumber.replaceAll((env, map) -> Map.copyOf(map));
        this.dnsByEnvironmentAndNumber = Map.copyOf(byNumber);
        this.groups = List.copyOf(groups);
    }

    private static <T> Map<String, T> index(Collection<T> values, java.util.function.Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T value : values) {
            if (map.put(key.apply(value), value) != null) {
                throw new IllegalArgumentException("Duplicate key " + key.apply(value));
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    public Collection<VoiceEnvironment> environments() {
        return environmentsByName.values();
    }

    public Optional<VoiceEnvironment> environmentByName(String name) {
        return Optional.ofNullable(environmentsByName.get(name));
    }

    public Optional<VoiceEnvironment> environmentById(String id) {
        return Optional.ofNullable(environmentsById.get(id));
    }

    public Collection<User> users() {
        return usersById.values();
    }

    public Optional<User> userById(String id) {
        return Optional.ofNullable(usersById.get(id));
    }

    public Optional<User> userByName(String userName) {
        return Optional.ofNullable(usersByName.get(userName));
    }

    public Collection<Place> places() {
        return placesByName.values();
    }

    public Optional<Place> placeByName(String name) {
        return Optional.ofNullable(placesByName.get(name));
    }

    public Collection<Dn> dns() {
        return dnsById.values();
    }

    public Optional<Dn> dnById(String id) {
        return Optional.ofNullable(dnsById.get(id));
    }

    public Optional<Dn> dnByNumber(String environment, String number) {
        Map<String, Dn> byNumber = dnsByEnvironmentAndNumber.get(environment);
        return byNumber == null ? Optional.empty() : Optional.ofNullable(byNumber.get(number));
    }

    /** The DNs of a place, in configuration order. */
    public List<Dn> dnsOf(Place place) {
        return place.dnNumbers().stream().map(n -> dnByNumber(place.environment(), n).orElseThrow()).toList();
    }

    public List<AgentGroup> groups() {
        return groups;
    }

    /** Whether {@code supervisor} supervises a group that {@code agent} is a member of. */
    public boolean supervises(User supervisor, User agent) {
        for (AgentGroup group : groups) {
            if (group.supervisors().contains(supervisor.id()) && group.members().contains(agent.id())) {
                return true;
            }
        }
        return false;
    }

    /** The users that {@code supervisor} supervises through any group, in directory order. */
    public List<User> supervisedBy(User supervisor) {
        return usersById.values().stream().filter(u -> supervises(supervisor, u)).toList();
    }

    /** The groups {@code user} is a member of. */
    public List<AgentGroup> groupsOf(User user) {
        return groups.stream().filter(g -> g.members().contains(user.id())).toList();
    }
}
