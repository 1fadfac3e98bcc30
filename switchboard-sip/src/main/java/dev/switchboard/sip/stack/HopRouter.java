package dev.switchboard.sip.stack;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;

/**
 * Sends each call's requests to the address its phone really speaks from, not to whatever its Contact says: a phone
 * behind NAT registers a private Contact, and only the registration's source address and transport reach it.
 * Calls without a pinned hop are routed by JAIN-SIP's {@link DefaultRouter} (Route headers, then request URI).
 *
 * <p>Instantiated by the stack from property {@code javax.sip.ROUTER_PATH}; Switchboard then pins and unpins hops
 * per Call-ID through {@link #pin} and {@link #unpin}. Thread-safe.
 */
public final class HopRouter implements Router {

    private final DefaultRouter fallback;
    private final Map<String, Hop> pinned = new ConcurrentHashMap<>();

    public HopRouter(SipStack sipStack, String outboundProxy) {
        this.fallback = new DefaultRouter(sipStack, outboundProxy);
    }

    /** Sends every request of this call to host:port over transport ({@code udp} or {@code tcp}). */
    public void pin(String callId, String host, int port, String transport) {
        pinned.put(callId, new HopImpl(host, port, transport));
    }

    public void unpin(String callId) {
        pinned.remove(callId);
    }

    /** Calls with a pinned hop: a leak check for tests. */
    public int pinnedCount() {
        return pinned.size();
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        if (callId != null) {
            Hop hop = pinned.get(callId.getCallId());
            if (hop != null) {
                return hop;
            }
        }
        return fallback.getNextHop(request);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ListIterator getNextHops(Request request) {
        return fallback.getNextHops(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return fallback.getOutboundProxy();
    }
}
