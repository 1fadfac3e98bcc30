package dev.switchboard.core.directory;

import java.util.Objects;
import java.util.Set;

/**
 * A contact-center user as configured: identity, roles, features and default place.
 *
 * @param id           32 lowercase hex characters, stable across restarts of the same data
 * @param userName     the login name
 * @param defaultPlace the name of the place used when StartContactCenterSession names none, or {@code null}
 */
public record User(String id, String userName, String firstName, String lastName, String emailAddress,
                   Set<Role> roles, Set<String> features, String defaultPlace) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userName, "userName");
        // Kept in configuration order: GWS bodies list them, and clients and tests expect a stable order.
        roles = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(roles));
        features = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(features));
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }

    public boolean hasFeature(String feature) {
        return features.contains(feature);
    }

    public boolean isAdmin() {
        return hasRole(Role.ADMIN);
    }

    public boolean isSupervisor() {
        return hasRole(Role.SUPERVISOR);
    }
}
