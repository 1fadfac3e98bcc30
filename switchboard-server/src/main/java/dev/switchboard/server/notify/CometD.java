package dev.switchboard.server.notify;

import java.io.IOException;
import java.util.regex.Pattern;

import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.AbstractServerTransport;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.JacksonJSONContextServer;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Installs CometD at {@code /api/v2/notifications} with the websocket and long-polling transports. The Bayeux server
 * is built here, not by the servlet, because the websocket transport needs Jetty's core context as an option before
 * start, and the upgrade handler must sit inside the session handler so that a websocket handshake sees the HTTP
 * session of its cookie.
 */
public final class CometD {
    public static final String PATH = "/api/v2/notifications";
    /**
     * The largest Bayeux message (a batch of messages, as sent in one HTTP request or websocket frame) the server reads,
     * as REST's largest body: 64 KiB. A larger long-polling request is answered 413 once 64 KiB are read (as REST, with
     * a GWS body of statusCode 2); a larger websocket message closes the connection (1009, message too big).
     */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024;

    private CometD() {
    }

    /** Installs GWS's CometD endpoint at {@link #PATH}, with the websocket upgrade handler of the context. */
    public static BayeuxServerImpl install(Server server, ServletContextHandler context, GwsSecurityPolicy policy,
                                           UserSessions sessions) {
        BayeuxServerImpl bayeux = install(context, policy, sessions, PATH, BayeuxServer.ATTRIBUTE);
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, context);
        context.getSessionHandler().insertHandler(upgrade);
        return bayeux;
    }

    /**
     * Installs another CometD endpoint at {@code path} in the same context (the statistics API's), with its own Bayeux
     * server, published as the context attribute {@code attribute}. Its websocket transport uses the upgrade handler
     * that {@link #install(Server, ServletContextHandler, GwsSecurityPolicy, UserSessions)} inserted.
     */
    public static BayeuxServerImpl install(ServletContextHandler context, GwsSecurityPolicy policy, UserSessions sessions,
                                           String path, String attribute) {
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        bayeux.setOption(BayeuxServerImpl.TRANSPORTS_OPTION,
                JettyWebSocketTransport.class.getName() + "," + JSONHttpTransport.class.getName());
        bayeux.setOption("ws.cometdURLMapping", path + "/*");
        // Read by every transport: long-polling counts the bytes of the request body, websocket sets Jetty's limit.
        bayeux.setOption(AbstractServerTransport.MAX_MESSAGE_SIZE_OPTION, MAX_MESSAGE_SIZE);
        bayeux.setOption(AbstractServerTransport.JSON_CONTEXT_OPTION, new JacksonJSONContextServer());
        bayeux.setOption(org.eclipse.jetty.server.Context.class.getName(), context.getContext());
        bayeux.setSecurityPolicy(policy);
        bayeux.addListener(new BayeuxServer.SessionListener() {

            @Override
            public void sessionRemoved(ServerSession session, org.cometd.bayeux.server.ServerMessage message, boolean timeout) {
                sessions.remove(session);
            }
        });
        context.setAttribute(attribute, bayeux);

        ServletHolder servlet = new ServletHolder(path.equals(PATH) ? "cometd" : "cometd" + path.replace('/', '-'),
                SizeLimitedCometDServlet.class);
        servlet.setInitParameter("bayeuxServerContextAttributeName", attribute);
        servlet.setInitOrder(1);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, path + "/*");
        return bayeux;
    }

    /**
     * CometD's servlet, answering 413 rather than 500 to a long-polling request over {@link #MAX_MESSAGE_SIZE}: CometD
     * stops reading it with an {@link IOException} "Max message size N exceeded", which it does not tell apart from
     * a server failure.
     */
    public static final class SizeLimitedCometDServlet extends CometDServlet {
        private static final long serialVersionUID = 1L;
        private static final Pattern TOO_BIG = Pattern.compile("Max message size \\d+ exceeded");

        @Override
        protected void sendError(HttpServletRequest request, HttpServletResponse response, int code, Throwable failure) {
            super.sendError(request, response, code == 500 && tooBig(failure) ? 413 : code, failure);
        }

        private static boolean tooBig(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof IOException && cause.getMessage() != null && TOO_BIG.matcher(cause.getMessage()).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
