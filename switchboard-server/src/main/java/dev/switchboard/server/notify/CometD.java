package dev.switchboard.server.notify;

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

/**
 * Installs CometD at {@code /api/v2/notifications} with the websocket and long-polling transports. The Bayeux server
 * is built here, not by the servlet, because the websocket transport needs Jetty's core context as an option before
 * start, and the upgrade handler must sit inside the session handler so that a websocket handshake sees the HTTP
 * session of its cookie.
 */
public final class CometD {
    public static final String PATH = "/api/v2/notifications";

    private CometD() {
    }

    public static BayeuxServerImpl install(Server server, ServletContextHandler context, GwsSecurityPolicy policy,
                                           UserSessions sessions) {
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        bayeux.setOption(BayeuxServerImpl.TRANSPORTS_OPTION,
                JettyWebSocketTransport.class.getName() + "," + JSONHttpTransport.class.getName());
        bayeux.setOption("ws.cometdURLMapping", PATH + "/*");
        bayeux.setOption(AbstractServerTransport.JSON_CONTEXT_OPTION, new JacksonJSONContextServer());
        bayeux.setOption(org.eclipse.jetty.server.Context.class.getName(), context.getContext());
        bayeux.setSecurityPolicy(policy);
        bayeux.addListener(new BayeuxServer.SessionListener() {

            @Override
            public void sessionRemoved(ServerSession session, org.cometd.bayeux.server.ServerMessage message, boolean timeout) {
                sessions.remove(session);
            }
        });
        context.setAttribute(BayeuxServer.ATTRIBUTE, bayeux);

        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, context);
        context.getSessionHandler().insertHandler(upgrade);

        ServletHolder servlet = new ServletHolder("cometd", CometDServlet.class);
        servlet.setInitOrder(1);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, PATH + "/*");
        return bayeux;
    }
}
