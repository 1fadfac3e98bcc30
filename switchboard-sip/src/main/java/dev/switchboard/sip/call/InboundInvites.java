package dev.switchboard.sip.call;

import dev.switchboard.sip.CallParty;
import dev.switchboard.sip.CredentialProvider;
import dev.switchboard.sip.IncomingCallHandler;
import dev.switchboard.sip.LegDirection;
import dev.switchboard.sip.LegState;
import dev.switchboard.sip.NumberPlan;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.Trunk;
import dev.switchboard.sip.auth.DigestAuthenticator;
import dev.switchboard.sip.sdp.SdpException;
import dev.switchboard.sip.sdp.SdpNegotiator;
import dev.switchboard.sip.sdp.SdpParser;
import dev.switchboard.sip.sdp.SessionDescription;
import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new INVITE outside any dialog. Who may call:
 * <ol>
 *   <li>a source listed in a trunk with its port: an external call, no authentication, From user = ani;</li>
 *   <li>a request with Proxy-Authorization: a phone, if the digest is right (else 403, or 407 again when stale);</li>
 *   <li>a From user that is an account: a phone, challenged with 407;</li>
 *   <li>a source listed in a trunk by host only: an external call;</li>
 *   <li>anyone else: 403, never relayed.</li>
 * </ol>
 * Then: an unknown target is 404, a body that is not usable SDP is 400 or 488, a Session-Expires below our Min-SE
 * is 422; only then is a leg created (100 Trying) and the {@link IncomingCallHandler} told.
 * Every refusal is sent without a server transaction. Signalling thread.
 */
public final class InboundInvites {

    private static final Logger LOG = LoggerFactory.getLogger(InboundInvites.class);

    private final CallContext ctx;
    private final DigestAuthenticator authenticator;
    private final CredentialProvider credentials;
    private final NumberPlan numbers;
    private final IncomingCallHandler handler;

    public InboundInvites(CallContext ctx, DigestAuthenticator authenticator, CredentialProvider credentials,
                          NumberPlan numbers, IncomingCallHandler handler) {
        this.ctx = ctx;
        this.authenticator = authenticator;
        this.credentials = credentials;
        this.numbers = numbers;
        this.handler = handler;
    }

    public void invite(Request invite) throws ParseException, SipException, InvalidArgumentException {
        String host = SipMessages.sourceHost(invite);
        int port = SipMessages.sourcePort(invite);
        SipMessages messages = ctx.messages();
        FromHeader fromHeader = (FromHeader) invite.getHeader(FromHeader.NAME);
        String fromUser = userOf(fromHeader.getAddress());
        LegDirection direction;
        String caller;
        if (trunkMatch(host, port, true)) {
            direction = LegDirection.INBOUND_TRUNK;
            caller = fromUser;
        } else if (invite.getHeader(ProxyAuthorizationHeader.NAME) != null
                || (fromUser != null && credentials.credentialOf(fromUser).isPresent())) {
            DigestAuthenticator.Result auth = authenticator.verify(Request.INVITE,
                    SipMessages.value(invite, ProxyAuthorizationHeader.NAME));
            switch (auth.verdict()) {
                case CHALLENGE:
                case STALE:
                    Response challenge = messages.response(invite, Response.PROXY_AUTHENTICATION_REQUIRED);
                    challenge.setHeader(messages.header("Proxy-Authenticate",
                            authenticator.challenge(auth.verdict() == DigestAuthenticator.Verdict.STALE)));
                    ctx.provider().sendResponse(challenge);
                    return;
                case FORBIDDEN:
                    refuse(invite, Response.FORBIDDEN, "wrong credentials from " + host + ":" + port);
                    return;
                case AUTHENTICATED:
                    direction = LegDirection.INBOUND_PHONE;
                    caller = auth.user();
                    break;
                default:
                    throw new IllegalStateException("unknown verdict " + auth.verdict());
            }
        } else if (trunkMatch(host, port, false)) {
            direction = LegDirection.INBOUND_TRUNK;
            caller = fromUser;
        } else {
            refuse(invite, Response.FORBIDDEN, "unlisted source " + host + ":" + port);
            return;
        }
        String target = invite.getRequestURI() instanceof SipURI ? ((SipURI) invite.getRequestURI()).getUser() : null;
        if (target == null || !numbers.exists(target)) {
            refuse(invite, Response.NOT_FOUND, "unknown target " + target);
            return;
        }
        SessionDescription offer = null;
        if (SipMessages.hasSdp(invite)) {
            try {
                offer = SdpParser.parse(SipMessages.body(invite));
                SdpNegotiator.checkAcceptable(offer);
            } catch (SdpException e) {
                refuse(invite, e.sipStatus(), e.getMessage());
                return;
            }
        }
        int sessionExpires = SessionTimers.interval(invite);
        if (sessionExpires > 0 && sessionExpires < ctx.config().minSessionExpires()) {
            Response tooSmall = messages.response(invite, SessionTimers.SESSION_INTERVAL_TOO_SMALL);
            tooSmall.setHeader(messages.header("Min-SE", String.valueOf(ctx.config().minSessionExpires())));
            ctx.provider().sendResponse(tooSmall);
            return;
        }
        accept(invite, direction, caller, target, offer, host, port);
    }

    private void accept(Request invite, LegDirection direction, String caller, String target, SessionDescription offer,
                        String host, int port) throws ParseException, SipException, InvalidArgumentException {
        ServerTransaction transaction;
        try {
            transaction = ctx.provider().getNewServerTransaction(invite);
        } catch (TransactionAlreadyExistsException retransmission) {
            return;
        }
        LegSignalling.tuneServer(transaction, ctx.config().timerT1Millis(), ctx.config().timerT4Millis());
        String callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
        String transport = ((ViaHeader) invite.getHeader(ViaHeader.NAME)).getTransport().toLowerCase(Locale.ROOT);
        LegImpl leg = new LegImpl(ctx, callId, direction, transport, LegState.OFFERED);
        leg.inviteServer = transaction;
        leg.initialInvite = invite;
        leg.remoteOffer = offer;
        leg.allowsTalk = ResponseHandler.allowsTalk(invite);
        leg.dialog = ctx.provider().getNewDialog(transaction);
        leg.dialog.setApplicationData(leg);
        transaction.sendResponse(ctx.messages().response(invite, Response.TRYING));
        ctx.legs().add(leg);
        ctx.router().pin(callId, host, port, transport);
        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        CallParty fromParty = new CallParty(caller, from.getAddress().getDisplayName(), from.getAddress().getURI().toString());
        CallParty toParty = new CallParty(target, null, invite.getRequestURI().toString());
        LOG.info("{}: {} call from {} to {}", leg.id(), direction, caller, target);
        try {
            handler.incoming(leg, fromParty, toParty, offer);
        } catch (RuntimeException e) {
            LOG.warn("{}: incoming-call handler failed; rejecting", leg.id(), e);
            leg.signalling.respondToInvite(Response.SERVER_INTERNAL_ERROR, null);
            leg.end(ReleaseCause.LOCAL, 0);
        }
    }

    private void refuse(Request invite, int status, String why) throws ParseException, SipException {
        LOG.info("INVITE {} refused with {}: {}", invite.getRequestURI(), status, why);
        ctx.provider().sendResponse(ctx.messages().response(invite, status));
    }

    private boolean trunkMatch(String host, int port, boolean withPortOnly) {
        for (Trunk trunk : ctx.config().trunks()) {
            for (String source : trunk.sources()) {
                if (Trunk.hasPort(source) == withPortOnly && Trunk.sourceMatches(source, host, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String userOf(Address address) {
        return address != null && address.getURI() instanceof SipURI ? ((SipURI) address.getURI()).getUser() : null;
    }
}
