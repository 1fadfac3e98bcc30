package dev.switchboard.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.User;
import dev.switchboard.server.auth.Logins;
import dev.switchboard.server.auth.Tokens;
import dev.switchboard.server.log.Kv;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Authenticates every API request and enforces CSRF, as GWS does (docs/compatibility.md).
 *
 * <ul>
 *   <li>HTTP Basic on any request; it opens (or reuses) an HTTP session, so later requests may send only the
 *       {@code JSESSIONID} cookie. A session a Basic request opened lives {@link SessionLifetimes#unconfirmedSeconds()}
 *       until a request comes back with its cookie, then the configured timeout: clients that send Basic every time
 *       and drop the cookie do not pile sessions up. On Switchboard's own APIs ({@code /sim/v1}, {@code /ext/v1}: see
 *       {@link #AuthFilter(Directory, Logins, Tokens, boolean, SessionLifetimes, boolean)}) Basic authenticates the
 *       request alone and opens no session: their clients are scripts and load generators that send Basic every
 *       time, and a session each would live two minutes for nothing.</li>
 *   <li>{@code Authorization: Bearer TOKEN} with a token from {@code POST /auth/v3/oauth/token} ({@link Tokens}), on any
 *       request; it opens no session (the token is sent every time) and, like Basic, needs no CSRF token. An
 *       {@code x-api-key} header (Genesys's clients send one) is ignored.</li>
 *   <li>Otherwise the cookie of a session that a Basic request opened.</li>
 *   <li>Otherwise 401 {@code {"statusCode":20,"statusMessage":"Access denied"}} with {@code WWW-Authenticate}; a
 *       browser's script ({@code X-Requested-With: XMLHttpRequest}) gets 403 with the same body and no challenge.</li>
 *   <li>Basic credentials of a user name or from an address with too many failed logins ({@code LoginThrottle}) are
 *       refused the same way without checking the password, with the statusMessage {@code Too many failed logins
 *       for user X; try again in N s} and {@code Retry-After: N}.</li>
 *   <li>With CSRF on, each session has a token, sent on every GET as {@code X-CSRF-HEADER}/{@code X-CSRF-TOKEN};
 *       a POST, PUT or DELETE that relies on the cookie must echo it. A request that carries its own
 *       {@code Authorization} header is exempt: no browser adds one by itself.</li>
 * </ul>
 */
public final class AuthFilter extends HttpFilter {
    /** Request attribute holding the authenticated {@link User}. */
    public static final String USER_ATTRIBUTE = "switchboard.user";
    /** HTTP session attribute holding the authenticated user's id. */
    public static final String SESSION_USER = "switchboard.userId";
    /** HTTP session attribute holding the CSRF token. */
    public static final String SESSION_CSRF = "switchboard.csrf";
    public static final String CSRF_HEADER_NAME = "X-CSRF-HEADER";
    public static final String CSRF_TOKEN_NAME = "X-CSRF-TOKEN";

    private static final long serialVersionUID = 1L;
    private static final Logger AUTH = LoggerFactory.getLogger("switchboard.auth");
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "DELETE", "PATCH");
    /** Paths anyone may read: the GWS version, and the health probe (which carries no credentials and tells nothing). */
    private static final Set<String> PUBLIC = Set.of("/api/v2/diagnostics/version", "/ext/v1/health");
    private static final String NOTIFICATIONS = "/api/v2/notifications";
    /** The statistics API's CometD endpoint: its handshakes are authenticated like GWS's. */
    private static final String STATISTICS_NOTIFICATIONS = "/statistics/v3/notifications";
    /** The console's floor CometD endpoint, likewise. */
    private static final String FLOOR_NOTIFICATIONS = "/ext/v1/floor/notifications";

    private final transient Directory directory;
    private final transient Logins logins;
    private final transient Tokens tokens;
    private final boolean csrf;
    private final SessionLifetimes lifetimes;
    private final boolean basicOpensSession;

    /**
     * How long HTTP sessions live without requests, in seconds.
     *
     * @param unconfirmedSeconds a session opened by a Basic request, until a request comes back with its cookie
     * @param confirmedSeconds   then (the configured session timeout)
     */
    public record SessionLifetimes(int unconfirmedSeconds, int confirmedSeconds) {
    }

    /** With {@code tokens} accepted as bearer tokens ({@code null}: Basic and the session cookie only). */
    public AuthFilter(Directory directory, Logins logins, Tokens tokens, boolean csrf, SessionLifetimes lifetimes) {
        this(directory, logins, tokens, csrf, lifetimes, true);
    }

    /**
     * As {@link #AuthFilter(Directory, Logins, Tokens, boolean, SessionLifetimes)}; with {@code basicOpensSession} false
     * a Basic request is authenticated on its own: it opens no session and leaves the session of its cookie, if any,
     * as it is (a session opened on {@code /api/v2} still authenticates requests that carry only its cookie).
     */
    public AuthFilter(Directory directory, Logins logins, Tokens tokens, boolean csrf, SessionLifetimes lifetimes,
                      boolean basicOpensSession) {
        this.directory = directory;
        this.logins = logins;
        this.tokens = tokens;
        this.csrf = csrf;
        this.lifetimes = lifetimes;
        this.basicOpensSession = basicOpensSession;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = pathOf(request);
        // CometD authenticates its own handshake (GwsSecurityPolicy); its polls carry no CSRF token. CORS preflights
        // from allowed origins are answered before this filter; any other OPTIONS needs credentials like a GET.
        if (PUBLIC.contains(path) || path.startsWith(NOTIFICATIONS) || path.startsWith(STATISTICS_NOTIFICATIONS)
                || path.startsWith(FLOOR_NOTIFICATIONS)) {
            chain.doFilter(request, response);
            return;
        }
        String authorization = request.getHeader("Authorization");
        User user;
        HttpSession session;
        String bearer = Tokens.bearer(authorization);
        if (bearer != null && tokens != null) {
            user = tokens.user(bearer).orElse(null);
            if (user == null) {
                AUTH.warn("event=login-failed user=- remote={} path={} reason=bad-token", Kv.value(request.getRemoteAddr()),
                        Kv.value(path));
                deny(request, response, "Access denied");
                return;
            }
            request.setAttribute(USER_ATTRIBUTE, user);
            chain.doFilter(request, response);
            return;
        }
        if (authorization != null) {
            String[] given = basicCredentials(authorization);
            Logins.Result result = given == null ? new Logins.Rejected() : logins.login(given[0], given[1], request.getRemoteAddr());
            if (result instanceof Logins.Throttled throttled) {
                long retryAfter = throttled.refusal().retryAfterSeconds();
                AUTH.warn("event=login-throttled user={} remote={} path={} limit={} retryAfterSeconds={}", Kv.value(given[0]),
                        Kv.value(request.getRemoteAddr()), Kv.value(path), throttled.refusal().limit().name().toLowerCase(Locale.ROOT),
                        retryAfter);
                response.setHeader("Retry-After", Long.toString(retryAfter));
                deny(request, response, throttled.message(given[0]));
                return;
            }
            user = result instanceof Logins.Accepted accepted ? accepted.user() : null;
            if (user == null) {
                // The name as given (it may be anyone's guess), the address; never the password.
                AUTH.warn("event=login-failed user={} remote={} path={} reason={}", Kv.value(given == null ? null : given[0]),
                        Kv.value(request.getRemoteAddr()), Kv.value(path),
                        given == null ? "unreadable-authorization" : "bad-credentials");
                deny(request, response, "Access denied");
                return;
            }
            if (!basicOpensSession) {
                request.setAttribute(USER_ATTRIBUTE, user);
                chain.doFilter(request, response);
                return;
            }
            session = request.getSession(false);
            if (session != null && !user.id().equals(attribute(session, SESSION_USER))) {
                // The cookie belongs to someone else: the explicit credentials win, in a fresh session.
                session.invalidate();
                session = null;
            }
            if (session == null) {
                AUTH.info("event=login user={} remote={} path={}", Kv.value(user.userName()), Kv.value(request.getRemoteAddr()),
                        Kv.value(path));
                session = request.getSession(true);
                session.setAttribute(SESSION_USER, user.id());
                session.setMaxInactiveInterval(lifetimes.unconfirmedSeconds());
            } else {
                confirm(session);
            }
        } else {
            session = request.getSession(false);
            Object userId = session == null ? null : attribute(session, SESSION_USER);
            user = userId == null ? null : directory.userById(userId.toString()).orElse(null);
            if (user == null) {
                deny(request, response, "Access denied");
                return;
            }
            confirm(session);
            if (csrf && UNSAFE.contains(request.getMethod()) && !validToken(request, session)) {
                ApiServlet.write(request, response, 403, ApiServlet.error(StatusCodes.FORBIDDEN, "Missing or invalid Csrf token"));
                return;
            }
        }
        if (csrf && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            response.setHeader(CSRF_HEADER_NAME, CSRF_TOKEN_NAME);
            response.setHeader(CSRF_TOKEN_NAME, token(session));
        }
        request.setAttribute(USER_ATTRIBUTE, user);
        chain.doFilter(request, response);
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** The session's cookie came back: the client keeps it, so it lives the configured timeout from now on. */
    private void confirm(HttpSession session) {
        if (session.getMaxInactiveInterval() != lifetimes.confirmedSeconds()) {
            session.setMaxInactiveInterval(lifetimes.confirmedSeconds());
        }
    }

    private static Object attribute(HttpSession session, String name) {
        try {
            return session.getAttribute(name);
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** The name and password of a Basic header, or {@code null} when it is not one. */
    static String[] basicCredentials(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String token(HttpSession session) {
        Object token = session.getAttribute(SESSION_CSRF);
        if (token == null) {
            token = UUID.randomUUID().toString();
            session.setAttribute(SESSION_CSRF, token);
        }
        return token.toString();
    }

    private static boolean validToken(HttpServletRequest request, HttpSession session) {
        String sent = request.getHeader(CSRF_TOKEN_NAME);
        Object expected = attribute(session, SESSION_CSRF);
        return sent != null && expected != null && java.security.MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Refuses a request without valid credentials. A browser's script ({@code X-Requested-With: XMLHttpRequest}) gets
     * 403 and no challenge, as GWS answers Workspace Web Edition, so that the browser shows the application's login
     * page rather than its own dialog; anyone else gets 401 with the Basic challenge.
     */
    private static void deny(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        if ("XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"))) {
            ApiServlet.write(request, response, 403, ApiServlet.error(StatusCodes.NOT_AUTHENTICATED, message));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Switchboard\"");
        ApiServlet.write(request, response, 401, ApiServlet.error(StatusCodes.NOT_AUTHENTICATED, message));
    }
}
