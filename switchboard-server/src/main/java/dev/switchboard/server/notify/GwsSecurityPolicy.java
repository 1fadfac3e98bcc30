package dev.switchboard.server.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.http.AuthFilter;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.log.Kv;

/**
 * Who may do what on {@code /api/v2/notifications}.
 *
 * <ul>
 *   <li>Handshake: only an authenticated user, by the HTTP session of the {@code JSESSIONID} cookie (browsers) or by
 *       an {@code Authorization: Basic} header on the handshake (the .NET client), or by an {@code Authorization: Bearer}
 *       token from the token endpoint (Genesys's statistics client). The session is bound to the user.
 *       Basic counts towards the same login throttle as REST: a throttled handshake is denied without checking the
 *       password, and its reply's {@code ext.switchboard} says why ({@link #THROTTLED_EXT}).</li>
 *   <li>Subscribe: any channel; subscriptions only select what the client hears, because Switchboard never
 *       broadcasts on {@code /v2/me/**}: it delivers each message to the sessions of the user it belongs to.</li>
 *   <li>Publish: never, for remote clients; {@code /v2/me/**} carries only what the server says.</li>
 * </ul>
 */
public final class GwsSecurityPolicy implements SecurityPolicy {
    /**
     * The {@code ext} member of a handshake reply denied by the login throttle: {@code statusCode} 20, the
     * {@code statusMessage} REST would answer, and {@code retryAfterSeconds}. CometD itself always answers
     * {@code error: "403::handshake_denied"} with {@code advice.reconnect: none}.
     */
    public static final String THROTTLED_EXT = "switchboard";
    private static final Logger AUTH = LoggerFactory.getLogger("switchboard.auth");

    private final Directory directory;
    private final Logins logins;
    private final Tokens tokens;
    private final UserSessions sessions;
    private final String path;

    /** For {@link CometD#PATH}, without bearer tokens. */
    public GwsSecurityPolicy(Directory directory, Logins logins, UserSessions sessions) {
        this(directory, logins, null, sessions, CometD.PATH);
    }

    /**
     * For the CometD endpoint at {@code path} (named in the log), accepting {@code tokens} as bearer tokens
     * ({@code null}: none), binding sessions to users in {@code sessions}.
     */
    public GwsSecurityPolicy(Directory directory, Logins logins, Tokens tokens, UserSessions sessions, String path) {
        this.directory = directory;
        this.logins = logins;
        this.tokens = tokens;
        this.sessions = sessions;
        this.path = path;
    }

    @Override
    public boolean canHandshake(BayeuxServer server, ServerSession session, ServerMessage message) {
        if (session.isLocalSession()) {
            return true;
        }
        BayeuxContext context = message.getBayeuxContext();
        String remote = remote(context);
        Logins.Result result = authenticate(context, remote);
        if (result instanceof Logins.Throttled throttled) {
            long retryAfter = throttled.refusal().retryAfterSeconds();
            String userName = basic(context)[0];
            AUTH.warn("event=login-throttled user={} remote={} path={} limit={} retryAfterSeconds={}", Kv.value(userName),
                    Kv.value(remote), path, throttled.refusal().limit().name().toLowerCase(Locale.ROOT), retryAfter);
            Map<String, Object> why = new LinkedHashMap<>();
            why.put("statusCode", StatusCodes.NOT_AUTHENTICATED);
            why.put("statusMessage", throttled.message(userName));
            why.put("retryAfterSeconds", retryAfter);
            ServerMessage.Mutable reply = message.getAssociated();
            if (reply != null) {
                reply.getExt(true).put(THROTTLED_EXT, why);
            }
            return false;
        }
        if (!(result instanceof Logins.Accepted accepted)) {
            // Never the credentials: the reason only (no session cookie and no Basic header, or Basic that failed).
            AUTH.warn("event=handshake-denied remote={} reason={}", Kv.value(remote),
                    context != null && context.getHeader("Authorization") != null ? "bad-credentials" : "no-session");
            return false;
        }
        User user = accepted.user();
        // Not the CometD client id: whoever knows it may poll as that session.
        AUTH.info("event=handshake user={} remote={} path={}", Kv.value(user.userName()), Kv.value(remote), path);
        sessions.add(user.id(), session);
        return true;
    }

    private static String remote(BayeuxContext context) {
        if (context != null && context.getRemoteAddress() instanceof java.net.InetSocketAddress address && address.getAddress() != null) {
            return address.getAddress().getHostAddress();
        }
        return null;
    }

    /** The cookie session's user, else the bearer token's, else the outcome of the Basic header's credentials. */
    private Logins.Result authenticate(BayeuxContext context, String remote) {
        if (context == null) {
            return new Logins.Rejected();
        }
        Object userId = sessionAttribute(context);
        if (userId != null) {
            return directory.userById(userId.toString()).<Logins.Result>map(Logins.Accepted::new).orElseGet(Logins.Rejected::new);
        }
        String bearer = Tokens.bearer(context.getHeader("Authorization"));
        if (bearer != null) {
            return tokens == null ? new Logins.Rejected()
                    : tokens.user(bearer).<Logins.Result>map(Logins.Accepted::new).orElseGet(Logins.Rejected::new);
        }
        String[] given = basic(context);
        return given == null ? new Logins.Rejected() : logins.login(given[0], given[1], remote);
    }

    /** The name and password of the handshake's Basic header, or {@code null} when it has none that reads. */
    private static String[] basic(BayeuxContext context) {
        String authorization = context == null ? null : context.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
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
