package dev.switchboard.sip.call;

import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.stack.SipMessages;
import gov.nist.javax.sip.TransactionExt;
import java.text.ParseException;
import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything one leg sends: responses to its INVITE, BYE, CANCEL, re-INVITE, INFO, NOTIFY and ACK. Signalling thread. */
final class LegSignalling {

    private static final Logger LOG = LoggerFactory.getLogger(LegSignalling.class);

    /** What a client transaction of a leg was for, kept as its application data. */
    enum Purpose {
        INVITE,
        REINVITE,
        BYE,
        CANCEL,
        INFO,
        NOTIFY_TALK
    }

    private final LegImpl leg;

    LegSignalling(LegImpl leg) {
        this.leg = leg;
    }

    /** Answers the initial INVITE: a provisional, a 2xx with our SDP, or a final error. */
    void respondToInvite(int status, String sdp) throws ParseException, SipException, InvalidArgumentException {
        SipMessages messages = leg.ctx.messages();
        Response response = messages.response(leg.initialInvite, status);
        if (leg.dialog != null && leg.dialog.getLocalTag() != null) {
            ((javax.sip.header.ToHeader) response.getHeader(javax.sip.header.ToHeader.NAME)).setTag(leg.dialog.getLocalTag());
        }
        if (status < 300) {
            response.setHeader(leg.ctx.contact(leg.transport));
        }
        if (status >= 200 && status < 300) {
            SessionTimers.onAnswer(leg, leg.initialInvite, response);
        }
        if (sdp != null) {
            messages.setSdp(response, sdp);
        }
        leg.inviteServer.sendResponse(response);
    }

    void bye() {
        sendInDialog(Request.BYE, Purpose.BYE, null);
    }

    void cancel() throws SipException {
        Request cancel = leg.inviteClient.createCancel();
        ClientTransaction transaction = leg.ctx.provider().getNewClientTransaction(cancel);
        transaction.setApplicationData(Purpose.CANCEL);
        tune(transaction);
        transaction.sendRequest();
    }

    void reInvite(String sdp) {
        sendInDialog(Request.INVITE, Purpose.REINVITE, sdp);
    }

    void info(String body) {
        sendInDialog(Request.INFO, Purpose.INFO, body);
    }

    void notifyTalk() {
        sendInDialog(Request.NOTIFY, Purpose.NOTIFY_TALK, null);
    }

    /** ACKs a 2xx to one of our INVITEs; a retransmitted 2xx gets the same ACK again. */
    void ack(Response response) throws InvalidArgumentException, SipException {
        long cseq = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
        Request ack = leg.dialog.createAck(cseq);
        leg.dialog.sendAck(ack);
        leg.lastAck = ack;
    }

    void reAck() {
        try {
            if (leg.lastAck != null && leg.dialog != null) {
                leg.dialog.sendAck(leg.lastAck);
            }
        } catch (SipException e) {
            LOG.debug("{}: re-ACK failed: {}", leg.id(), e.toString());
        }
    }

    private void sendInDialog(String method, Purpose purpose, String body) {
        try {
            Request request = leg.dialog.createRequest(method);
            SipMessages messages = leg.ctx.messages();
            if (Request.INVITE.equals(method)) {
                request.setHeader(leg.ctx.contact(leg.transport));
                SessionTimers.onReInvite(leg, request);
            }
            if (Request.INFO.equals(method)) {
                request.setContent(body, messages.headerFactory().createContentTypeHeader("application", DtmfInfo.RELAY_SUBTYPE));
            } else if (body != null) {
                messages.setSdp(request, body);
            }
            if (Request.NOTIFY.equals(method)) {
                request.setHeader(messages.header("Event", "talk"));
                request.setHeader(messages.header("Subscription-State", "active"));
            }
            ClientTransaction transaction = leg.ctx.provider().getNewClientTransaction(request);
            transaction.setApplicationData(purpose);
            tune(transaction);
            leg.dialog.sendRequest(transaction);
        } catch (ParseException | SipException e) {
            LOG.info("{}: {} not sent: {}", leg.id(), method, e.toString());
            failedToSend(purpose);
        }
    }

    private void failedToSend(Purpose purpose) {
        switch (purpose) {
            case REINVITE:
                LegImpl.Pending kind = leg.pending;
                leg.pending = null;
                if (kind == LegImpl.Pending.HOLD) {
                    leg.sdp.weHold(false);
                } else if (kind == LegImpl.Pending.RETRIEVE) {
                    leg.sdp.weHold(true);
                }
                leg.reportRefused(kind, Response.SERVICE_UNAVAILABLE);
                break;
            case NOTIFY_TALK:
                leg.report(l -> l.remoteAnswerRefused(leg, Response.SERVICE_UNAVAILABLE));
                break;
            case BYE:
                leg.end(ReleaseCause.NETWORK, 0);
                break;
            default:
                break;
        }
    }

    /**
     * Our client transactions keep the standard T1 (retransmitting faster than peers expect confuses them) and take
     * the configured T4, which decides how long a completed non-INVITE one lingers (Timer K). A completed INVITE one
     * that got a final error lingers Timer D, which JAIN-SIP keeps at 32 s or more as RFC 3261 §17.1.1.2 demands.
     */
    void tune(javax.sip.Transaction transaction) {
        if (transaction instanceof TransactionExt) {
            ((TransactionExt) transaction).setTimerT4(leg.ctx.config().timerT4Millis());
        }
    }

    /** Server transactions take the configured T1 and T4: 64*T1 decides how long a completed one lingers (Timer J/H). */
    static void tuneServer(javax.sip.Transaction transaction, int t1Millis, int t4Millis) {
        transaction.setRetransmitTimer(t1Millis);
        if (transaction instanceof TransactionExt) {
            ((TransactionExt) transaction).setTimerT4(t4Millis);
        }
    }
}
