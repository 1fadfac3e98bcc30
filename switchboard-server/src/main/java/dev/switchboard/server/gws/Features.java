package dev.switchboard.server.gws;

import java.util.Map;

/**
 * What GWS says of each feature in a user's {@code features} (as objects, as a real GWS 8.5.2 server sends them:
 * {@code id, displayName, description, autoAssignOnContactCenterCreate, uri, path}). Names and descriptions are those
 * a real server gave; a feature the configuration names that is not listed here shows its id as its name.
 */
final class Features {
    private static final Map<String, String[]> KNOWN = Map.of(
            "api-voice", new String[] {"Voice API", "API for Voice"},
            "api-supervisor-monitoring", new String[] {"API Supervisor Monitoring", "API for Supervisors to Monitor Agents"},
            "api-voice-recording", new String[] {"Voice API Recording", "API for Call Recording"},
            "api-voice-outbound", new String[] {"Voice API Outbound", "API for Outbound"},
            "api-voice-instant-messaging", new String[] {"API Voice Instant Messaging", "API for Internal Agent-to-Agent Chat"},
            "api-provisioning-read", new String[] {"API Provisioning Read", "General provisioning read"});

    private Features() {
    }

    /** The display name of feature {@code id}. */
    static String displayName(String id) {
        String[] known = KNOWN.get(id);
        return known == null ? id : known[0];
    }

    /** The description of feature {@code id} ({@code ""} when unknown). */
    static String description(String id) {
        String[] known = KNOWN.get(id);
        return known == null ? "" : known[1];
    }
}
