package dev.switchboard.server.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.User;

/**
 * Tells the clients that come back after a restart what their devices are now. A GWS client whose server restarted
 * re-handshakes and subscribes again, but knows nothing newer than what it showed before: the first time each CometD
 * session of a user whose contact-center session went on subscribes to the devices channel within {@link #WINDOW} of
 * the start, the user is told their devices as they are ({@code DeviceStateChangeMessage}s, with the
 * {@code supervisorMonitoringState} of a subscription that went on, without one that did not).
 */
public final class RestartNotices implements BayeuxServer.SubscriptionListener {
    /** How long after a start a returning client is told. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    private static final ChannelId DEVICES = new ChannelId(NotificationPublisher.DEVICES_CHANNEL);

    private final ContactCenter contactCenter;
    private final Set<String> users;
    private final Clock clock;
    private final Instant until;
    private final Set<String> toldSessions = ConcurrentHashMap.newKeySet();

    /** @param userIds the users whose sessions went on across the restart */
    public RestartNotices(ContactCenter contactCenter, Set<String> userIds, Clock clock) {
        this.contactCenter = contactCenter;
        this.users = Set.copyOf(userIds);
        this.clock = clock;
        this.until = clock.instant().plus(WINDOW);
    }

    @Override
    public void subscribed(ServerSession session, ServerChannel channel, ServerMessage message) {
        ChannelId id = channel.getChannelId();
        if (!(id.equals(DEVICES) || id.isWild() && id.matches(DEVICES)) || clock.instant().isAfter(until)) {
            return;
        }
        Object userId = session.getAttribute(UserSessions.USER_ID);
        if (userId == null || !users.contains(userId.toString()) || !toldSessions.add(session.getId())) {
            return;
        }
        User user = contactCenter.directory().userById(userId.toString()).orElse(null);
        if (user != null) {
            // Through the switch and the notification hand-off, in order with whatever else the user is told.
            contactCenter.announce(user);
        }
    }
}
