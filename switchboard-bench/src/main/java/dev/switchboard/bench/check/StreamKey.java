package dev.switchboard.bench.check;

import java.util.Objects;

/**
 * A notification stream: what one user receives on one CometD channel (e.g. {@code agent17} on {@code /v2/me/calls}).
 * A convenient key for a {@link StreamChecker}; any value with equals and hashCode will do.
 */
public record StreamKey(String user, String channel) {

    public StreamKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
    }

    @Override
    public String toString() {
        return user + " " + channel;
    }
}
