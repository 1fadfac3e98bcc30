package dev.switchboard.server.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.cometd.bayeux.ChannelId;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
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
 *
 * <p>It counts what it sends per stream (user name and channel): a message delivered to at least one session of the
 * user counts once, and carries its number in the stream (1, 2, …) as {@code ext.seq}, outside the GWS data, so that
 * a client (the benchmark) can check every stream for lost, duplicated and reordered messages against
 * {@link #sentCounts()}.
 */
public final class NotificationPublisher implements Consumer<SwitchEvent> {
    public static final String DEVICES_CHANNEL = "/v2/me/devices";
    public static final String CALLS_CHANNEL = "/v2/me/calls";
    /** Where {@link #echo} answers (a Switchboard extension: docs/compatibility.md). */
    public static final String ECHO_CHANNEL = "/v2/me/echo";

    private static final ChannelId DEVICES = new ChannelId(DEVICES_CHANNEL);
    private static final ChannelId CALLS = new ChannelId(CALLS_CHANNEL);
    private static final ChannelId ECHO = new ChannelId(ECHO_CHANNEL);

    private final Directory directory;
    private final GwsMapper mapper;
    private final UserSessions sessions;
    private final BayeuxServer bayeux;
    /** Messages sent per stream, keyed by user name, a space and the channel. */
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    // Created on first delivery, on the publisher's own thread: a local session needs a started Bayeux server.
    private LocalSession sender;
    /** The sender of echoes, which come from request threads; created on the first, under its lock. */
    private final Object echoSenderLock = new Object();
    private LocalSession echoSender;

    public NotificationPublisher(Directory directory, GwsMapper mapper, UserSessions sessions, BayeuxServer bayeux) {
        this.directory = directory;
        this.mapper = mapper;
        this.sessions = sessions;
        this.bayeux = bayeux;
    }

    @Override
    public void accept(SwitchEvent event) {
        long startNanos = System.nanoTime();
        Map<String, Object> data = data(event);
        if (data != null) {
            // What a real GWS server adds to every message: when the event was made and how long it took here.
            Map<String, Object> processing = new LinkedHashMap<>();
            processing.put("nodeProcessingTimeNanos", System.nanoTime() - startNanos);
            processing.put("serverGenerationTimestamp", event.at().toEpochMilli());
            processing.put("serverProcessingTimeTotalMs", Math.max(0, System.currentTimeMillis() - event.at().toEpochMilli()));
            data.put("metrics", Map.of("eventProcessing", processing));
            deliver(userOf(event), channelOf(event), data);
        }
    }

    /** The GWS data of an event its user is told of, or {@code null}. */
    private Map<String, Object> data(SwitchEvent event) {
        if (event instanceof DeviceStateChanged changed) {
            User owner = directory.userById(changed.userId()).orElse(null);
            return owner == null ? null : mapper.deviceStateChangeMessage(changed.device(), owner);
        }
        if (event instanceof CallStateChanged changed) {
            User owner = directory.userById(changed.userId()).orElse(null);
            return owner == null ? null : mapper.callStateChangeMessage(changed, owner);
        }
        if (event instanceof CallFailed failed) {
            return mapper.errorMessage(failed);
        }
        return null;
    }

    private static String userOf(SwitchEvent event) {
        if (event instanceof DeviceStateChanged changed) {
            return changed.userId();
        }
        if (event instanceof CallStateChanged changed) {
            return changed.userId();
        }
        return ((CallFailed) event).userId();
    }

    private static ChannelId channelOf(SwitchEvent event) {
        return event instanceof DeviceStateChanged ? DEVICES : CALLS;
    }

    /** Per stream ({@code user}, {@code channel}), how many messages were sent ({@code sent}): a snapshot. */
    public List<Map<String, Object>> sentCounts() {
        List<Map<String, Object>> streams = new ArrayList<>();
        sent.forEach((key, count) -> {
            int space = key.indexOf(' ');
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("user", key.substring(0, space));
            stream.put("channel", key.substring(space + 1));
            stream.put("sent", count.get());
            streams.add(stream);
        });
        return streams;
    }

    private void deliver(String userId, ChannelId channel, Map<String, Object> data) {
        if (sender == null) {
            sender = bayeux.newLocalSession("switchboard");
            sender.handshake();
        }
        send(sender, userId, channel, data);
    }

    /**
     * Delivers {@code data} on {@link #ECHO_CHANNEL} to every CometD session of the user that subscribed to a matching
     * channel, at once, on the calling thread (a request's): bare delivery, with no switch and no hand-off on the way.
     * Numbered and counted in its stream like any other message.
     *
     * @return to how many sessions it went
     */
    public int echo(String userId, Map<String, Object> data) {
        LocalSession from;
        synchronized (echoSenderLock) {
            if (echoSender == null) {
                echoSender = bayeux.newLocalSession("switchboard-echo");
                echoSender.handshake();
            }
            from = echoSender;
        }
        return send(from, userId, ECHO, data);
    }

    /**
     * The one delivery: to each session of the user subscribed to a matching channel, numbered in the user's stream
     * on that channel; returns to how many sessions it went.
     */
    private int send(LocalSession from, String userId, ChannelId channel, Map<String, Object> data) {
        List<ServerSession> targets = new ArrayList<>(1);
        for (ServerSession session : sessions.of(userId)) {
            if (subscribed(session, channel)) {
                targets.add(session);
            }
        }
        if (targets.isEmpty()) {
            return 0;
        }
        String userName = directory.userById(userId).map(User::userName).orElse(userId);
        AtomicLong stream = sent.computeIfAbsent(userName + " " + channel.getId(), key -> new AtomicLong());
        // Numbered and handed to the sessions as one step: two senders of one stream (echoes come from request
        // threads) must reach each session in the order of their numbers. Uncontended on the publisher's thread.
        synchronized (stream) {
            long seq = stream.incrementAndGet();
            for (ServerSession session : targets) {
                ServerMessage.Mutable message = bayeux.newMessage();
                message.setChannel(channel.getId());
                message.setData(data);
                message.getExt(true).put("seq", seq);
                session.deliver(from, message, Promise.noop());
            }
        }
        return targets.size();
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
