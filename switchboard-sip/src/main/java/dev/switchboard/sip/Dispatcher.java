package dev.switchboard.sip;

import dev.switchboard.sip.call.CallContext;
import dev.switchboard.sip.call.InDialogHandler;
import dev.switchboard.sip.call.InboundInvites;
import dev.switchboard.sip.call.LegImpl;
import dev.switchboard.sip.call.OutOfDialog;
import dev.switchboard.sip.call.ResponseHandler;
import dev.switchboard.sip.registrar.Registrar;
import dev.switchboard.sip.stack.SipMessages;
import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP listener. Its callbacks run on the stack's threads, which must never block or see an exception: each
 * event is handed to the single signalling thread as it is and handled there, inside one catch-all that logs and
 * counts ({@link SipStats#handlerFailures()}).
 */
final class Dispatcher implements SipListenerExt {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The parts built once the stack exists; until then requests are dropped and peers retransmit. */
    record Parts(CallContext ctx, Registrar registrar, InboundInvites invites) {
    }

    private final AtomicLong failures = new AtomicLong();
    private volatile Parts parts;

    void bind(Parts bound) {
        this.parts = bound;
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void processRequest(RequestEvent event) {
        submit("request", () -> request(parts, event.getRequest(), event.getServerTransaction()));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        submit("response", () -> response(parts, event));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction transaction = event.getClientTransaction();
        submit("timeout", () -> {
            LegImpl leg = legOf(parts, transaction.getRequest());
            if (leg != null) {
                ResponseHandler.timeout(leg, transaction);
            }
        });
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        Dialog dialog = event.getDialog();
        submit("dialog timeout", () -> {
            Object data = dialog.getApplicationData();
            if (data instanceof LegImpl) {
                LOG.info("{}: dialog timeout {}", data, event.getReason());
                ((LegImpl) data).timedOut();
            }
        });
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.info("SIP transport error to {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // Nothing to do: legs track their own state; the stack frees the transaction.
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // Nothing to do: a leg ends on BYE, CANCEL, errors and timeouts, before its dialog is freed.
    }

    private void submit(String what, ThrowingRunnable work) {
        Parts bound = parts;
        if (bound == null) {
            return;
        }
        try {
            bound.ctx().signalling().execute(() -> {
                try {
                    work.run();
                } catch (Exception | Error e) {
                    failures.incrementAndGet();
                    LOG.warn("SIP {} handling failed", what, e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            LOG.debug("SIP {} after stop, dropped", what);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * @param existing the server transaction JAIN-SIP already made for this request (it does for requests inside a
     *                 dialog it knows), or null
     */
    private static void request(Parts parts, Request request, ServerTransaction existing) throws Exception {
        CallContext ctx = parts.ctx();
        String method = request.getMethod();
        if (Request.ACK.equals(method)) {
            LegImpl leg = legOf(parts, request);
            if (leg != null) {
                InDialogHandler.ack(leg, request);
            }
            return;
        }
        if (bodyTooLarge(request, ctx.config().maxBodyBytes())) {
            ctx.provider().sendResponse(ctx.messages().response(request, Response.REQUEST_ENTITY_TOO_LARGE));
            return;
        }
        if (Request.REGISTER.equals(method)) {
            ctx.provider().sendResponse(parts.registrar().register(request, SipMessages.sourceHost(request),
                    SipMessages.sourcePort(request)));
            return;
        }
        LegImpl leg = legOf(parts, request);
        if (Request.CANCEL.equals(method)) {
            ServerTransaction transaction = leg == null ? null : serverTransaction(ctx, request, existing);
            if (leg == null) {
                respond(ctx, existing, ctx.messages().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            } else if (transaction != null) {
                InDialogHandler.cancel(leg, transaction, request);
            }
            return;
        }
        String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
        if (toTag != null) {
            if (leg == null) {
                respond(ctx, existing, ctx.messages().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
                return;
            }
            ServerTransaction transaction = serverTransaction(ctx, request, existing);
            if (transaction != null) {
                InDialogHandler.request(leg, transaction, request);
            }
            return;
        }
        switch (method) {
            case Request.INVITE:
                if (leg == null) {
                    parts.invites().invite(request);
                }
                break;
            case Request.OPTIONS:
                ctx.provider().sendResponse(OutOfDialog.optionsOk(ctx.messages(), request));
                break;
            case Request.BYE:
            case Request.INFO:
            case Request.UPDATE:
            case Request.PRACK:
                ctx.provider().sendResponse(ctx.messages().response(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
                break;
            default:
                ctx.provider().sendResponse(OutOfDialog.unsupported(ctx.messages(), request));
                break;
        }
    }

    private static void response(Parts parts, ResponseEvent event) throws Exception {
        Response response = event.getResponse();
        LegImpl leg = legOf(parts, response);
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        try {
            if (leg != null) {
                ResponseHandler.response(leg, event.getClientTransaction(), response);
                return;
            }
            ackStray2xx(event, response, cseq);
        } finally {
            ClientTransaction transaction = event.getClientTransaction();
            if (transaction != null && response.getStatusCode() >= 200 && !Request.INVITE.equals(cseq.getMethod())) {
                // Done with it. Letting Timer K end it is what RFC 3261 intends, but with a fast local peer the final
                // response can beat JAIN-SIP's own timer start and the transaction then stays Completed for ever
                // (seen with BYE). A late retransmitted final response is then merely a stray, which the stack drops.
                transaction.terminate();
            }
        }
    }

    private static void ackStray2xx(ResponseEvent event, Response response, CSeqHeader cseq) throws Exception {
        Dialog dialog = event.getDialog();
        if (dialog != null && Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2) {
            // A 2xx for a leg that is gone: ACK it so that the peer stops retransmitting.
            dialog.sendAck(dialog.createAck(cseq.getSeqNumber()));
        }
    }

    private static ServerTransaction serverTransaction(CallContext ctx, Request request, ServerTransaction existing)
            throws Exception {
        try {
            ServerTransaction transaction = existing != null ? existing : ctx.provider().getNewServerTransaction(request);
            transaction.setRetransmitTimer(ctx.config().timerT1Millis());
            if (transaction instanceof gov.nist.javax.sip.TransactionExt) {
                ((gov.nist.javax.sip.TransactionExt) transaction).setTimerT4(ctx.config().timerT4Millis());
            }
            return transaction;
        } catch (TransactionAlreadyExistsException retransmission) {
            return null;
        }
    }

    /** Answers on the stack's own transaction when it made one, else without a transaction. */
    private static void respond(CallContext ctx, ServerTransaction existing, Response response) throws Exception {
        if (existing != null) {
            existing.sendResponse(response);
        } else {
            ctx.provider().sendResponse(response);
        }
    }

    private static LegImpl legOf(Parts parts, Message message) {
        CallIdHeader callId = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return callId == null ? null : parts.ctx().legs().byCallId(callId.getCallId());
    }

    private static boolean bodyTooLarge(Request request, int maxBodyBytes) {
        ContentLengthHeader length = request.getContentLength();
        byte[] raw = request.getRawContent();
        return (length != null && length.getContentLength() > maxBodyBytes) || (raw != null && raw.length > maxBodyBytes);
    }
}
