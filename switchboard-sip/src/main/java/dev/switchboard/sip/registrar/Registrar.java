package dev.switchboard.sip.registrar;

import dev.switchboard.sip.RegistrationListener;
import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.auth.DigestAuthenticator;
import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Set;
import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 §10.3 registrar: digest-authenticated REGISTER (401, then 200; 403 for a wrong password or for
 * registering someone else's AOR), bindings with per-contact expiry clamped to [min, max] (423 below min),
 * un-REGISTER by {@code expires=0} or {@code Contact: *}, and a 200 listing the AOR's current bindings.
 *
 * <p>Runs on the SIP signalling thread only. Answers without a server transaction (a registrar may be stateless):
 * a retransmitted REGISTER is simply processed again, and floods leave nothing behind.
 */
public final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final SipServerConfig config;
    private final DigestAuthenticator authenticator;
    private final BindingTable bindings;
    private final RegistrationListener listener;
    private final SipMessages messages;
    private final Set<String> reportedRegistered = new HashSet<>();

    public Registrar(SipServerConfig config, DigestAuthenticator authenticator, BindingTable bindings,
                     RegistrationListener listener, SipMessages messages) {
        this.config = config;
        this.authenticator = authenticator;
        this.bindings = bindings;
        this.listener = listener;
        this.messages = messages;
    }

    public BindingTable bindings() {
        return bindings;
    }

    /** Processes one REGISTER and returns the response to send. */
    public Response register(Request request, String sourceHost, int sourcePort) throws ParseException, InvalidArgumentException {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        String aor = userOf(to == null ? null : to.getAddress().getURI());
        if (aor == null) {
            return messages.response(request, Response.BAD_REQUEST);
        }
        AuthorizationHeader authorization = (AuthorizationHeader) request.getHeader(AuthorizationHeader.NAME);
        DigestAuthenticator.Result auth = authenticator.verify(Request.REGISTER, authorization == null ? null
                : SipMessages.value(request, AuthorizationHeader.NAME));
        LOG.debug("REGISTER for {} from {}:{}: {}", aor, sourceHost, sourcePort, auth.verdict());
        switch (auth.verdict()) {
            case CHALLENGE:
            case STALE:
                Response challenge = messages.response(request, Response.UNAUTHORIZED);
                challenge.setHeader(messages.header("WWW-Authenticate",
                        authenticator.challenge(auth.verdict() == DigestAuthenticator.Verdict.STALE)));
                return challenge;
            case FORBIDDEN:
                LOG.info("REGISTER for {} from {}:{} refused: wrong credentials", aor, sourceHost, sourcePort);
                return messages.response(request, Response.FORBIDDEN);
            case AUTHENTICATED:
                if (!auth.user().equals(aor)) {
                    LOG.info("REGISTER for {} by {} refused: not its own AOR", aor, auth.user());
                    return messages.response(request, Response.FORBIDDEN);
                }
                break;
            default:
                throw new IllegalStateException("unknown verdict " + auth.verdict());
        }
        try {
            Response refused = applyContacts(request, aor, sourceHost, sourcePort);
            if (refused != null) {
                return refused;
            }
        } catch (BindingTable.OutOfOrderException e) {
            LOG.info("REGISTER for {} out of order: {}", aor, e.getMessage());
            return messages.response(request, Response.SERVER_INTERNAL_ERROR);
        }
        reportTransition(aor);
        return ok(request, aor);
    }

    /** Removes lapsed bindings and reports the AORs left with none. Called every second and by tests. */
    public void sweep() {
        bindings.expire();
        for (String aor : List.copyOf(reportedRegistered)) {
            reportTransition(aor);
        }
    }

    private Response applyContacts(Request request, String aor, String sourceHost, int sourcePort)
            throws ParseException, InvalidArgumentException, BindingTable.OutOfOrderException {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ExpiresHeader expiresHeader = request.getExpires();
        int requestExpires = expiresHeader == null ? -1 : expiresHeader.getExpires();
        ListIterator<?> contacts = request.getHeaders(ContactHeader.NAME);
        List<ContactHeader> list = new java.util.ArrayList<>();
        while (contacts.hasNext()) {
            list.add((ContactHeader) contacts.next());
        }
        if (list.isEmpty()) {
            return null;
        }
        if (list.stream().anyMatch(ContactHeader::isWildCard)) {
            if (list.size() != 1 || requestExpires != 0) {
                return messages.response(request, Response.BAD_REQUEST);
            }
            bindings.removeAll(aor, callId, cseq);
            return null;
        }
        for (ContactHeader contact : list) {
            int expires = expiresOf(contact, requestExpires);
            if (expires > 0 && expires < config.minExpires()) {
                Response tooBrief = messages.response(request, Response.INTERVAL_TOO_BRIEF);
                tooBrief.setHeader(messages.header("Min-Expires", String.valueOf(config.minExpires())));
                return tooBrief;
            }
        }
        String transport = transportOf(request);
        boolean allowsTalk = allowsTalk(request);
        Instant now = bindings.now();
        for (ContactHeader contact : list) {
            int expires = Math.min(expiresOf(contact, requestExpires), config.maxExpires());
            String uri = contact.getAddress().getURI().toString();
            bindings.update(new Binding(aor, uri, callId, cseq, now.plusSeconds(expires), sourceHost, sourcePort, transport,
                    allowsTalk), expires);
        }
        return null;
    }

    private int expiresOf(ContactHeader contact, int requestExpires) {
        if (contact.getExpires() >= 0) {
            return contact.getExpires();
        }
        return requestExpires >= 0 ? requestExpires : config.defaultExpires();
    }

    private Response ok(Request request, String aor) throws ParseException, InvalidArgumentException {
        Response ok = messages.response(request, Response.OK);
        Instant now = bindings.now();
        for (Binding binding : bindings.current(aor)) {
            ContactHeader contact = messages.headerFactory().createContactHeader(
                    messages.addressFactory().createAddress(binding.contactUri()));
            contact.setExpires((int) binding.secondsLeft(now));
            ok.addHeader(contact);
        }
        ok.setHeader(messages.headerFactory().createDateHeader(java.util.Calendar.getInstance(
                java.util.TimeZone.getTimeZone("GMT"), Locale.ROOT)));
        return ok;
    }

    private void reportTransition(String aor) {
        boolean registered = bindings.isRegistered(aor);
        if (registered && reportedRegistered.add(aor)) {
            LOG.info("{} registered", aor);
            notify(aor, true);
        } else if (!registered && reportedRegistered.remove(aor)) {
            LOG.info("{} unregistered", aor);
            notify(aor, false);
        }
    }

    private void notify(String aor, boolean registered) {
        try {
            if (registered) {
                listener.registered(aor);
            } else {
                listener.unregistered(aor);
            }
        } catch (RuntimeException e) {
            LOG.warn("registration listener failed on {}", aor, e);
        }
    }

    static String userOf(URI uri) {
        if (uri instanceof SipURI) {
            String user = ((SipURI) uri).getUser();
            return user == null || user.isEmpty() ? null : user;
        }
        return null;
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    private static boolean allowsTalk(Request request) {
        ListIterator<?> allowEvents = request.getHeaders("Allow-Events");
        while (allowEvents.hasNext()) {
            String value = allowEvents.next().toString().toLowerCase(Locale.ROOT);
            if (value.matches("(?s).*\\btalk\\b.*")) {
                return true;
            }
        }
        return false;
    }
}
