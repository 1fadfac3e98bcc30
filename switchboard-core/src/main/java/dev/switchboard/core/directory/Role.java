package dev.switchboard.core.directory;

/**
 * The GWS user roles Switchboard knows. {@link #wireName()} is the string GWS puts in a user's {@code roles}.
 */
public enum Role {
    AGENT("ROLE_AGENT"),
    SUPERVISOR("ROLE_SUPERVISOR"),
    ADMIN("ROLE_ADMIN");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The role with this GWS name, or {@code null} if there is none. */
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName.equals(name)) {
                return role;
            }
        }
        return null;
    }
}
