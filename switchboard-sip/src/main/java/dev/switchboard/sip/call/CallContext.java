package dev.switchboard.sip.call;

import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.stack.HopRouter;
import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.util.concurrent.ScheduledExecutorService;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;

/**
 * What every leg shares: configuration, the provider, message factories, the router and the signalling executor
 * (one thread: every leg's state is touched there only, so legs need no locks).
 */
public record CallContext(SipServerConfig config, SipProvider provider, SipMessages messages, HopRouter router,
                          ScheduledExecutorService signalling, LegRegistry legs, int port) {

    /** Our Contact for requests and responses on this transport. */
    ContactHeader contact(String transport) throws ParseException {
        SipURI uri = messages.addressFactory().createSipURI("switchboard", config.host());
        uri.setPort(port);
        if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
            uri.setTransportParam("tcp");
        }
        return messages.headerFactory().createContactHeader(messages.addressFactory().createAddress(uri));
    }
}
