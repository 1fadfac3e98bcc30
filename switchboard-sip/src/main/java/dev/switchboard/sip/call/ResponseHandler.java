package dev.switchboard.sip.call;

import dev.switchboard.sip.LegState;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import dev.switchboard.sip.sdp.SdpException;
import dev.switchboard.sip.sdp.SdpNegotiator;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Responses to a leg's own requests, and their timeouts. Signalling thread. */
public final class ResponseHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseHandler.class);

    private ResponseHandler() {
    }

    /**
     * A response for one of the leg's client transactions, or (transaction null) a retransmitted 2xx whose
     * transaction is gone: that one only needs our ACK again.
     */
    public static void response(LegImpl leg, ClientTransaction transaction, Response response)
            throws InvalidArgumentException, SipException {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (transaction == null) {
            if (Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2) {
                leg.signalling.reAck();
            }
            return;
        }
        Object purpose = transaction.getApplicationData();
        if (purpose == LegSignalling.Purpose.INVITE) {
            initialInvite(leg, response);
        } else if (purpose == LegSignalling.Purpose.REINVITE) {
            reInvite(leg, response);
        } else if (purpose == LegSignalling.Purpose.NOTIFY_TALK && response.getStatusCode() >= 300) {
            leg.report(l -> l.remoteAnswerRefused(leg, response.getStatusCode()));
        }
    }

    /** No response in time (Timer B/F) for one of the leg's requests. */
    public static void timeout(LegImpl leg, ClientTransaction transaction) {
        Object purpose = transaction.getApplicationData();
        if (purpose == LegSignalling.Purpose.INVITE) {
            leg.end(ReleaseCause.TIMEOUT, cancelledOr(leg, Response.REQUEST_TIMEOUT));
        } else if (purpose == LegSignalling.Purpose.REINVITE) {
            LegImpl.Pending kind = leg.pending;
            leg.pending = null;
            if (kind == LegImpl.Pending.REFRESH) {
                leg.signalling.bye();
                leg.end(ReleaseCause.TIMEOUT, 0);
            } else {
                revert(leg, kind);
                leg.reportRefused(kind, Response.REQUEST_TIMEOUT);
            }
        } else if (purpose == LegSignalling.Purpose.NOTIFY_TALK) {
            leg.report(l -> l.remoteAnswerRefused(leg, Response.REQUEST_TIMEOUT));
        }
    }

    private static void initialInvite(LegImpl leg, Response response) throws InvalidArgumentException, SipException {
        int status = response.getStatusCode();
        if (status < 200) {
            if (status == Response.TRYING) {
                return;
            }
            leg.provisionalReceived = true;
            if (allowsTalk(response)) {
                leg.allowsTalk = true;
            }
            if (leg.cancelRequested) {
                if (!leg.cancelSent) {
                    leg.cancelSent = true;
                    leg.signalling.cancel();
                }
                return;
            }
            if (!leg.ringingReported && leg.currentState().isEarly()) {
                leg.ringingReported = true;
                leg.state(LegState.RINGING);
                leg.report(l -> l.ringing(leg));
            }
            return;
        }
        if (status < 300) {
            leg.signalling.ack(response);
            if (leg.currentState() == LegState.ENDED || leg.cancelRequested || leg.currentState() == LegState.CONNECTED) {
                if (leg.currentState() != LegState.CONNECTED) {
                    // Our CANCEL crossed the phone's 200: the call is up on its side, so end it properly.
                    leg.signalling.bye();
                    leg.end(ReleaseCause.LOCAL, Response.REQUEST_TERMINATED);
                }
                return;
            }
            NegotiatedMedia media;
            try {
                media = SdpNegotiator.acceptAnswer(InDialogHandler.parse(response), leg.sdp.local());
            } catch (SdpException e) {
                LOG.info("{}: unusable answer ({}), hanging up", leg.id(), e.getMessage());
                leg.signalling.bye();
                leg.end(ReleaseCause.LOCAL, Response.NOT_ACCEPTABLE_HERE);
                return;
            }
            if (allowsTalk(response)) {
                leg.allowsTalk = true;
            }
            leg.media(media);
            leg.state(LegState.CONNECTED);
            SessionTimers.onAnswered(leg, response);
            leg.report(l -> l.answered(leg, media));
            return;
        }
        leg.end(ReleaseCause.LOCAL, status);
    }

    private static void reInvite(LegImpl leg, Response response) throws InvalidArgumentException, SipException {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        LegImpl.Pending kind = leg.pending;
        leg.pending = null;
        if (status >= 300) {
            if (status == Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST || status == Response.REQUEST_TIMEOUT) {
                leg.end(ReleaseCause.TIMEOUT, 0);
                return;
            }
            revert(leg, kind);
            leg.reportRefused(kind, status);
            return;
        }
        leg.signalling.ack(response);
        try {
            leg.media(SdpNegotiator.acceptAnswer(InDialogHandler.parse(response), leg.sdp.local()));
        } catch (SdpException e) {
            LOG.info("{}: unusable answer to re-INVITE: {}", leg.id(), e.getMessage());
        }
        SessionTimers.onAnswered(leg, response);
        if (kind == LegImpl.Pending.HOLD) {
            leg.report(l -> l.held(leg));
        } else if (kind == LegImpl.Pending.RETRIEVE) {
            leg.report(l -> l.retrieved(leg));
        }
    }

    private static void revert(LegImpl leg, LegImpl.Pending kind) {
        if (kind == LegImpl.Pending.HOLD) {
            leg.sdp.weHold(false);
        } else if (kind == LegImpl.Pending.RETRIEVE) {
            leg.sdp.weHold(true);
        }
    }

    private static int cancelledOr(LegImpl leg, int status) {
        return leg.cancelRequested ? Response.REQUEST_TERMINATED : status;
    }

    static boolean allowsTalk(javax.sip.message.Message message) {
        java.util.ListIterator<?> headers = message.getHeaders("Allow-Events");
        while (headers.hasNext()) {
            if (headers.next().toString().toLowerCase(Locale.ROOT).matches("(?s).*\\btalk\\b.*")) {
                return true;
            }
        }
        return false;
    }
}
