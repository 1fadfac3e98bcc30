package dev.switchboard.bench.full;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.AbstractServerTransport;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.DefaultSecurityPolicy;
import org.cometd.server.JacksonJSONContextServer;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import dev.switchboard.server.journal.SyncedRecordFile;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The bare baseline: Jetty and CometD configured as Switchboard configures them (same thread pool, transports, JSON
 * context, session handling and {@code /api/v2/notifications}), and nothing else. {@code GET /api/v2/me} with Basic
 * opens an HTTP session for the user named (no password check); {@code POST /baseline/deliver?user=NAME} delivers one
 * message on {@code /v2/me/devices} to that user's CometD sessions, numbered per user in {@code ext.seq}, and replies
 * once it is handed to CometD; with {@code &fsync=1} it first writes a small record into a file of its own temporary
 * directory and forces it ({@link SyncedRecordFile}, an fdatasync), as the journal does for a batch: the bare price of
 * a durable operation. Prints {@code Baseline ready on http://127.0.0.1:PORT}; loopback only.
 */
public final class BaselineServer {
    static final String USER = "bench.user";

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        Server jetty = new Server(threads);
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        Map<String, Set<ServerSession>> sessions = new ConcurrentHashMap<>();
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        bayeux.setOption(BayeuxServerImpl.TRANSPORTS_OPTION,
                JettyWebSocketTransport.class.getName() + "," + JSONHttpTransport.class.getName());
        bayeux.setOption("ws.cometdURLMapping", "/api/v2/notifications/*");
        bayeux.setOption(AbstractServerTransport.JSON_CONTEXT_OPTION, new JacksonJSONContextServer());
        bayeux.setOption(org.eclipse.jetty.server.Context.class.getName(), context.getContext());
        bayeux.setSecurityPolicy(new DefaultSecurityPolicy() {
            @Override
            public boolean canHandshake(BayeuxServer server, ServerSession session, ServerMessage message) {
                if (session.isLocalSession()) {
                    return true;
                }
                BayeuxContext bayeuxContext = message.getBayeuxContext();
                Object user = bayeuxContext == null ? null : bayeuxContext.getSessionAttribute(USER);
                if (user == null) {
                    return false;
                }
                session.setAttribute(USER, user);
                sessions.computeIfAbsent(user.toString(), name -> ConcurrentHashMap.newKeySet()).add(session);
                return true;
            }
        });
        bayeux.addListener(new BayeuxServer.SessionListener() {
            @Override
            public void sessionRemoved(ServerSession session, ServerMessage message, boolean timeout) {
                Object user = session.getAttribute(USER);
                if (user != null) {
                    sessions.getOrDefault(user.toString(), Set.of()).remove(session);
                }
            }
        });
        context.setAttribute(BayeuxServer.ATTRIBUTE, bayeux);
        context.getSessionHandler().insertHandler(WebSocketUpgradeHandler.from(jetty, context));
        ServletHolder cometd = new ServletHolder("cometd", CometDServlet.class);
        cometd.setInitOrder(1);
        cometd.setAsyncSupported(true);
        context.addServlet(cometd, "/api/v2/notifications/*");
        context.addServlet(new ServletHolder("me", new Me()), "/api/v2/me");
        // A file of its own under the JVM's temporary directory, on the file system of the server's data directory.
        Path syncedDir = Files.createTempDirectory("switchboard-baseline-fsync");
        SyncedRecordFile synced = SyncedRecordFile.create(syncedDir.resolve("synced.bin"));
        context.addServlet(new ServletHolder("deliver", new Deliver(bayeux, sessions, synced)), "/baseline/deliver");
        jetty.setHandler(context);
        jetty.start();
        System.out.println("Baseline ready on http://127.0.0.1:" + connector.getLocalPort());
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // exiting anyway
            }
            synced.close();
            try {
                Files.deleteIfExists(syncedDir);
            } catch (IOException ignored) {
                // a temporary directory: best effort
            }
        }, "baseline-shutdown"));
        jetty.join();
    }

    /** GET /api/v2/me with Basic: opens the HTTP session of the user named. */
    private static final class Me extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.startsWith("Basic ")) {
                String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)),
                        java.nio.charset.StandardCharsets.UTF_8);
                request.getSession(true).setAttribute(USER, decoded.substring(0, Math.max(0, decoded.indexOf(':'))));
            } else if (request.getSession(false) == null) {
                response.setStatus(401);
                return;
            }
            response.setContentType("application/json");
            response.getWriter().write("{\"statusCode\":0}");
        }
    }

    /** POST /baseline/deliver?user=NAME: one message to the user's sessions. */
    private static final class Deliver extends HttpServlet {
        private final BayeuxServerImpl bayeux;
        private final Map<String, Set<ServerSession>> sessions;
        private final SyncedRecordFile synced;
        private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
        private final AtomicLong syncs = new AtomicLong();
        private volatile LocalSession sender;

        Deliver(BayeuxServerImpl bayeux, Map<String, Set<ServerSession>> sessions, SyncedRecordFile synced) {
            this.bayeux = bayeux;
            this.sessions = sessions;
            this.synced = synced;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String user = request.getParameter("user");
            if ("1".equals(request.getParameter("fsync"))) {
                synced.writeAndSync(syncs.incrementAndGet());
            }
            synchronized (this) {
                if (sender == null) {
                    sender = bayeux.newLocalSession("baseline");
                    sender.handshake();
                }
            }
            long seq = sent.computeIfAbsent(user, name -> new AtomicLong()).incrementAndGet();
            for (ServerSession session : sessions.getOrDefault(user, Set.of())) {
                ServerMessage.Mutable message = bayeux.newMessage();
                message.setChannel("/v2/me/devices");
                message.setData(Map.of("messageType", "BaselineMessage", "user", user));
                message.getExt(true).put("seq", seq);
                session.deliver(sender, message, Promise.noop());
            }
            response.setContentType("application/json");
            response.getWriter().write("{\"statusCode\":0}");
        }
    }
}
