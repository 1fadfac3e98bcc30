package dev.switchboard.server.notify;

import java.util.Map;
import java.util.function.Consumer;

import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerSession;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.event.CallFailed;
import dev.switchboard.core.event.CallStateChanged;
import dev.switchboard.core.event.DeviceStateChanged;
import dev.switchboard.core.event.SwitchEvent;
import dev.switchboard.server.gws.GwsMapper;

/**
 * The only code that delivers notifications. It consumes domain events from its hand-off, maps each to its GWS
 * message once, and delivers it to every CometD session of the user it belongs to that subscribed to a matching
 * channel ({@code /v2/me/devices}, {@code /v2/me/*}, {@code /v2/me/**}, {@code /**}, …).
 */
public final class NotificationPublisher implements Consumer<SwitchEvent> {
    public static final String DEVICES_CHANNEL = "/v2/me/devices";
    public static final String CALLS_CHANNEL = "/v2/me/calls";

    private static final ChannelId DEVICES = new ChannelId(DEVICES_CHANNEL);
    private static final ChannelId CALLS = new ChannelId(CALLS_CHANNEL);

    private final Directory directory;
    private final GwsMapper mapper;
    private final UserSessions sessions;
    private final BayeuxServer bayeux;
    // Created on first delivery, on the publisher's own thread: a local session needs a started Bayeux server.
    private LocalSession sender;

    public NotificationPublisher(Directory directory, GwsMapper mapper, UserSessions sessions, BayeuxServer bayeux) {
        this.directory = directory;
        this.mapper = mapper;
        this.sessions = sessions;
        this.bayeux = bayeux;
    }

    @Override
    public void accept(SwitchEvent event) {
        if (event instanceof DeviceStateChanged changed) {
            User owner = directory.userById(changed.userId()).orElse(null);
            if (owner != null) {
                deliver(changed.userId(), DEVICES, mapper.deviceStateChangeMessage(changed.device(), owner));
            }
        } else if (event instanceof CallStateChanged changed) {
            User owner = directory.userById(changed.userId()).orElse(null);
            if (owner != null) {
                deliver(changed.userId(), CALLS, mapper.callStateChangeMessage(changed, owner));
            }
        } else if (event instanceof CallFailed failed) {
            deliver(failed.userId(), CALLS, mapper.errorMessage(failed));
        }
    }

    private void deliver(String userId, ChannelId channel, Map<String, Object> data) {
        if (sender == null) {
            sender = bayeux.newLocalSession("switchboard");
            sender.handshake();
        }
        for (ServerSession session : sessions.of(userId)) {
            if (subscribed(session, channel)) {
                session.deliver(sender, channel.getId(), data, Promise.noop());
            }
        }
    }

    private static boolean subscribed(ServerSession session, ChannelId channel) {
        for (ServerChannel subscription : session.getSubscriptions()) {
            ChannelId id = subscription.getChannelId();
            if (id.equals(channel) || id.isWild() && id.matches(channel)) {
                return true;
            }
        }
        return false;
    }
}
