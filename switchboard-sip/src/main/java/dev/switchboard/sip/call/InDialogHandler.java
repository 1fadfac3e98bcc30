package dev.switchboard.sip.call;

import dev.switchboard.sip.LegState;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import dev.switchboard.sip.sdp.SdpException;
import dev.switchboard.sip.sdp.SdpNegotiator;
import dev.switchboard.sip.sdp.SdpParser;
import dev.switchboard.sip.sdp.SessionDescription;
import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.util.Objects;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the phone or peer sends inside a leg's dialog: ACK, BYE, CANCEL, re-INVITE, UPDATE, INFO, OPTIONS,
 * NOTIFY, and the rest (405/501). Signalling thread.
 */
public final class InDialogHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InDialogHandler.class);

    /** Methods answered in a dialog; the Allow header of 405 responses. */
    public static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, NOTIFY, REGISTER";

    private InDialogHandler() {
    }

    /** An ACK: to our 2xx of the initial INVITE (the leg is now answered) or of a re-INVITE. */
    public static void ack(LegImpl leg, Request ack) {
        if (leg.awaitingAck) {
            leg.awaitingAck = false;
            if (leg.answerExpectedInAck) {
                leg.answerExpectedInAck = false;
                try {
                    leg.media(SdpNegotiator.acceptAnswer(parse(ack), leg.sdp.local()));
                } catch (SdpException e) {
                    LOG.info("{}: unusable answer in ACK ({}), hanging up", leg.id(), e.getMessage());
                    leg.signalling.bye();
                    leg.end(ReleaseCause.LOCAL, 0);
                    return;
                }
            }
            NegotiatedMedia media = leg.media().orElse(null);
            leg.report(l -> l.answered(leg, media));
        } else if (leg.answerExpectedInAck && SipMessages.hasSdp(ack)) {
            leg.answerExpectedInAck = false;
            updateMedia(leg, ack);
        }
    }

    /** A CANCEL for the leg's initial INVITE: 200 to the CANCEL, 487 to the INVITE if still unanswered. */
    public static void cancel(LegImpl leg, ServerTransaction cancelTransaction, Request cancel)
            throws ParseException, SipException, InvalidArgumentException {
        cancelTransaction.sendResponse(leg.ctx.messages().response(cancel, Response.OK));
        if (leg.direction().isInbound() && leg.currentState().isEarly()) {
            leg.signalling.respondToInvite(Response.REQUEST_TERMINATED, null);
            leg.end(ReleaseCause.REMOTE_CANCEL, 0);
        }
    }

    /** Any other request in the dialog. */
    public static void request(LegImpl leg, ServerTransaction transaction, Request request)
            throws ParseException, SipException, InvalidArgumentException {
        if (leg.awaitingAck && !leg.answerExpectedInAck) {
            // The stack's threads may hand us the peer's next request before its ACK: a request in the dialog
            // proves our 2xx arrived, so the leg is answered now (the late ACK then changes nothing).
            ack(leg, null);
        }
        switch (request.getMethod()) {
            case Request.BYE:
                transaction.sendResponse(leg.ctx.messages().response(request, Response.OK));
                leg.end(ReleaseCause.REMOTE_HANGUP, 0);
                break;
            case Request.INVITE:
            case Request.UPDATE:
                offer(leg, transaction, request);
                break;
            case Request.INFO:
                info(leg, transaction, request);
                break;
            case Request.OPTIONS:
                transaction.sendResponse(OutOfDialog.optionsOk(leg.ctx.messages(), request));
                break;
            case Request.NOTIFY:
                transaction.sendResponse(leg.ctx.messages().response(request, Response.OK));
                break;
            default:
                transaction.sendResponse(OutOfDialog.unsupported(leg.ctx.messages(), request));
                break;
        }
    }

    /** A re-INVITE or UPDATE: answered with our current SDP; hold and address changes are reported. */
    private static void offer(LegImpl leg, ServerTransaction transaction, Request request)
            throws ParseException, SipException, InvalidArgumentException {
        SipMessages messages = leg.ctx.messages();
        boolean invite = Request.INVITE.equals(request.getMethod());
        if (leg.currentState() != LegState.CONNECTED) {
            // An UPDATE in an early dialog: we have not answered yet, so there is nothing to renegotiate.
            transaction.sendResponse(messages.response(request, invite ? Response.REQUEST_PENDING : Response.SERVER_INTERNAL_ERROR));
            return;
        }
        if (leg.pending != null || (invite && leg.awaitingAck)) {
            transaction.sendResponse(messages.response(request, Response.REQUEST_PENDING));
            return;
        }
        int sessionExpires = SessionTimers.interval(request);
        if (sessionExpires > 0 && sessionExpires < leg.ctx.config().minSessionExpires()) {
            Response tooSmall = messages.response(request, SessionTimers.SESSION_INTERVAL_TOO_SMALL);
            tooSmall.setHeader(messages.header("Min-SE", String.valueOf(leg.ctx.config().minSessionExpires())));
            transaction.sendResponse(tooSmall);
            return;
        }
        String body = null;
        NegotiatedMedia changed = null;
        if (SipMessages.hasSdp(request)) {
            try {
                SdpNegotiator.Answer answer = leg.sdp.answer(parse(request));
                body = answer.sdp();
                changed = answer.media();
            } catch (SdpException e) {
                transaction.sendResponse(messages.response(request, e.sipStatus()));
                return;
            }
        } else if (invite) {
            // No offer: we offer our current description in the 2xx and read the answer from the ACK.
            body = leg.sdp.offer();
            leg.answerExpectedInAck = true;
        }
        Response ok = messages.response(request, Response.OK);
        ok.setHeader(leg.ctx.contact(leg.transport));
        SessionTimers.onAnswer(leg, request, ok);
        if (body != null) {
            messages.setSdp(ok, body);
        }
        transaction.sendResponse(ok);
        if (changed != null) {
            report(leg, changed);
        }
    }

    private static void info(LegImpl leg, ServerTransaction transaction, Request request)
            throws ParseException, SipException, InvalidArgumentException {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        String digit = type == null ? null : DtmfInfo.digitOf(type.getContentSubType(), SipMessages.body(request));
        transaction.sendResponse(leg.ctx.messages().response(request, Response.OK));
        if (digit != null) {
            leg.report(l -> l.dtmf(leg, digit));
        }
    }

    private static void updateMedia(LegImpl leg, Request ack) {
        try {
            report(leg, SdpNegotiator.acceptAnswer(parse(ack), leg.sdp.local()));
        } catch (SdpException e) {
            LOG.info("{}: unusable answer in ACK: {}", leg.id(), e.getMessage());
        }
    }

    /** Reports new media when anything the media module cares about changed. */
    private static void report(LegImpl leg, NegotiatedMedia media) {
        NegotiatedMedia before = leg.media().orElse(null);
        leg.media(media);
        if (before == null || before.remoteHolds() != media.remoteHolds() || before.remotePort() != media.remotePort()
                || !Objects.equals(before.remoteAddress(), media.remoteAddress()) || before.codec() != media.codec()
                || before.payloadType() != media.payloadType()) {
            leg.report(l -> l.mediaChanged(leg, media, media.remoteHolds()));
        }
    }

    static SessionDescription parse(javax.sip.message.Message message) throws SdpException {
        if (!SipMessages.hasSdp(message)) {
            throw new SdpException(Response.NOT_ACCEPTABLE_HERE, "no SDP");
        }
        return SdpParser.parse(SipMessages.body(message));
    }
}
