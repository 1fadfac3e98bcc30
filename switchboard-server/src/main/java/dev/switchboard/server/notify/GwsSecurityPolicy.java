package dev.switchboard.server.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.SecurityPolicy;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.server.auth.Credentials;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.log.Kv;

/**
 * Who may do what on {@code /api/v2/notifications}.
 *
 * <ul>
 *   <li>Handshake: only an authenticated user, by the HTTP session of the {@code JSESSIONID} cookie (browsers) or by
 *       an {@code Authorization: Basic} header on the handshake (the .NET client). The session is bound to the user.</li>
 *   <li>Subscribe: any channel; subscriptions only select what the client hears, because Switchboard never
 *       broadcasts on {@code /v2/me/**}: it delivers each message to the sessions of the user it belongs to.</li>
 *   <li>Publish: never, for remote clients; {@code /v2/me/**} carries only what the server says.</li>
 * </ul>
 */
public final class GwsSecurityPolicy implements SecurityPolicy {
    private static final Logger AUTH = LoggerFactory.getLogger("switchboard.auth");

    private final Directory directory;
    private final Credentials credentials;
    private final UserSessions sessions;

    public GwsSecurityPolicy(Directory directory, Credentials credentials, UserSessions sessions) {
        this.directory = directory;
        this.credentials = credentials;
        this.sessions = sessions;
    }

    @Override
    public boolean canHandshake(BayeuxServer server, ServerSession session, ServerMessage message) {
        if (session.isLocalSession()) {
            return true;
        }
        BayeuxContext context = message.getBayeuxContext();
        Optional<User> user = authenticate(context);
        if (user.isEmpty()) {
            // Never the credentials: the reason only (no session cookie and no Basic header, or Basic that failed).
            AUTH.warn("event=handshake-denied remote={} reason={}", Kv.value(remote(context)),
                    context != null && context.getHeader("Authorization") != null ? "bad-credentials" : "no-session");
            return false;
        }
        // Not the CometD client id: whoever knows it may poll as that session.
        AUTH.info("event=handshake user={} remote={}", Kv.value(user.get().userName()), Kv.value(remote(context)));
        sessions.add(user.get().id(), session);
        return true;
    }

    private static String remote(BayeuxContext context) {
        if (context != null && context.getRemoteAddress() instanceof java.net.InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return null;
    }

    private Optional<User> authenticate(BayeuxContext context) {
        if (context == null) {
            return Optional.empty();
        }
        Object userId = sessionAttribute(context);
        if (userId != null) {
            return directory.userById(userId.toString());
        }
        String authorization = context.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon >= 0) {
                    return credentials.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Object sessionAttribute(BayeuxContext context) {
        try {
            return context.getSessionAttribute(AuthFilter.SESSION_USER);
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    @Override
    public boolean canCreate(BayeuxServer server, ServerSession session, String channelId, ServerMessage message) {
        return session != null && (session.isLocalSession() || session.getAttribute(UserSessions.USER_ID) != null);
    }

    @Override
    public boolean canSubscribe(BayeuxServer server, ServerSession session, ServerChannel channel, ServerMessage message) {
        return session != null && (session.isLocalSession() || session.getAttribute(UserSessions.USER_ID) != null);
    }

    @Override
    public boolean canPublish(BayeuxServer server, ServerSession session, ServerChannel channel, ServerMessage message) {
        return session != null && session.isLocalSession();
    }
}
