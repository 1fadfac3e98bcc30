package dev.switchboard.sip.call;

import dev.switchboard.sip.LegDirection;
import dev.switchboard.sip.LegListener;
import dev.switchboard.sip.LegState;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import dev.switchboard.sip.sdp.SdpException;
import dev.switchboard.sip.sdp.SdpNegotiator;
import dev.switchboard.sip.sdp.SessionDescription;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leg state machine. Public commands hop onto the signalling thread; everything else runs there already, so
 * the fields need no locks (the few read from other threads are volatile). Sending is {@link LegSignalling}'s job,
 * requests in the dialog are {@link InDialogHandler}'s, responses {@link ResponseHandler}'s.
 */
public final class LegImpl implements SipLeg {

    private static final Logger LOG = LoggerFactory.getLogger(LegImpl.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final LegListener SILENT = new LegListener() {
    };

    /** Our re-INVITE in flight, if any: at most one per dialog. */
    enum Pending {
        HOLD,
        RETRIEVE,
        REFRESH
    }

    final CallContext ctx;
    final LegSdp sdp = new LegSdp();
    final SessionTimer sessionTimer;
    final LegSignalling signalling;
    private final String id = "leg-" + IDS.incrementAndGet();
    private final String callId;
    private final LegDirection direction;
    final String transport;
    private volatile LegState state;
    private volatile LegListener listener = SILENT;
    private volatile NegotiatedMedia media;
    Dialog dialog;
    ServerTransaction inviteServer;
    ClientTransaction inviteClient;
    Request initialInvite;
    SessionDescription remoteOffer;
    boolean awaitingAck;
    boolean answerExpectedInAck;
    Pending pending;
    boolean provisionalReceived;
    boolean cancelRequested;
    boolean cancelSent;
    boolean ringingReported;
    boolean allowsTalk;
    Request lastAck;

    LegImpl(CallContext ctx, String callId, LegDirection direction, String transport, LegState initial) {
        this.ctx = ctx;
        this.callId = callId;
        this.direction = direction;
        this.transport = transport;
        this.state = initial;
        this.sessionTimer = new SessionTimer(ctx.signalling());
        this.signalling = new LegSignalling(this);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public LegDirection direction() {
        return direction;
    }

    @Override
    public LegState state() {
        return state;
    }

    @Override
    public Optional<NegotiatedMedia> media() {
        return Optional.ofNullable(media);
    }

    @Override
    public void listen(LegListener newListener) {
        this.listener = newListener == null ? SILENT : newListener;
    }

    @Override
    public void ringing() {
        run("ringing", () -> {
            if (state == LegState.OFFERED) {
                signalling.respondToInvite(Response.RINGING, null);
                state = LegState.RINGING;
            }
        });
    }

    @Override
    public void answer(LocalMedia local) {
        run("answer", () -> {
            if (!direction.isInbound() || !state.isEarly()) {
                LOG.info("{}: answer ignored in state {}", id, state);
                return;
            }
            sdp.local(local);
            String body;
            if (remoteOffer != null) {
                try {
                    SdpNegotiator.Answer answer = sdp.answer(remoteOffer);
                    media = answer.media();
                    body = answer.sdp();
                } catch (SdpException e) {
                    signalling.respondToInvite(e.sipStatus(), null);
                    end(ReleaseCause.LOCAL, 0);
                    return;
                }
            } else {
                body = sdp.offer();
                answerExpectedInAck = true;
            }
            signalling.respondToInvite(Response.OK, body);
            state = LegState.CONNECTED;
            awaitingAck = true;
        });
    }

    @Override
    public void reject(int status) {
        run("reject", () -> {
            if (direction.isInbound() && state.isEarly()) {
                signalling.respondToInvite(status >= 300 && status < 700 ? status : Response.TEMPORARILY_UNAVAILABLE, null);
                end(ReleaseCause.LOCAL, 0);
            }
        });
    }

    @Override
    public void release() {
        run("release", () -> {
            switch (state) {
                case OFFERED:
                case RINGING:
                    if (direction.isInbound()) {
                        signalling.respondToInvite(Response.TEMPORARILY_UNAVAILABLE, null);
                        end(ReleaseCause.LOCAL, 0);
                    } else {
                        cancel();
                    }
                    break;
                case CALLING:
                    cancel();
                    break;
                case CONNECTED:
                    signalling.bye();
                    end(ReleaseCause.LOCAL, 0);
                    break;
                case ENDED:
                    break;
                default:
                    throw new IllegalStateException("unknown state " + state);
            }
        });
    }

    /** CANCEL may only follow a provisional response (RFC 3261 §9.1): until one arrives it waits. */
    private void cancel() throws Exception {
        cancelRequested = true;
        if (provisionalReceived && !cancelSent) {
            cancelSent = true;
            signalling.cancel();
        }
    }

    @Override
    public void hold() {
        run("hold", () -> reInvite(Pending.HOLD, true));
    }

    @Override
    public void retrieve() {
        run("retrieve", () -> reInvite(Pending.RETRIEVE, false));
    }

    private void reInvite(Pending kind, boolean holding) throws Exception {
        if (state != LegState.CONNECTED || pending != null || awaitingAck) {
            reportRefused(kind, Response.REQUEST_PENDING);
            return;
        }
        sdp.weHold(holding);
        pending = kind;
        signalling.reInvite(sdp.offer());
    }

    void reportRefused(Pending kind, int status) {
        if (kind == Pending.HOLD) {
            report(l -> l.holdRefused(this, status));
        } else if (kind == Pending.RETRIEVE) {
            report(l -> l.retrieveRefused(this, status));
        }
    }

    @Override
    public void sendDtmf(String digits) {
        run("sendDtmf", () -> {
            if (state != LegState.CONNECTED) {
                return;
            }
            for (char digit : digits.toCharArray()) {
                if (DtmfInfo.isDigit(digit)) {
                    signalling.info(DtmfInfo.relayBody(digit));
                }
            }
        });
    }

    @Override
    public void answerRemotely() {
        run("answerRemotely", () -> {
            if (state == LegState.ENDED || dialog == null || !allowsTalk) {
                report(l -> l.remoteAnswerRefused(this, Response.BAD_EVENT));
                return;
            }
            signalling.notifyTalk();
        });
    }

    /** Runs a command on the signalling thread; failures end nothing but are logged. */
    private void run(String command, ThrowingRunnable action) {
        try {
            ctx.signalling().execute(() -> {
                try {
                    action.run();
                } catch (Exception e) {
                    LOG.warn("{}: {} failed", id, command, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.info("{}: {} after stop, ignored", id, command);
        }
    }

    /** A step that may throw JAIN-SIP's checked exceptions. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---- state changes, signalling thread only ----

    LegState currentState() {
        return state;
    }

    void state(LegState newState) {
        this.state = newState;
    }

    void media(NegotiatedMedia negotiated) {
        this.media = negotiated;
    }

    /**
     * Ends the leg once: stops its timers, forgets it, reports {@code released(cause)} or, when {@code failStatus}
     * is not 0, {@code failed(failStatus)}. Later calls do nothing.
     */
    void end(ReleaseCause cause, int failStatus) {
        if (state == LegState.ENDED) {
            return;
        }
        state = LegState.ENDED;
        sessionTimer.cancel();
        ctx.legs().remove(this);
        ctx.router().unpin(callId);
        LOG.info("{} ({}) ended: {}", id, callId, failStatus != 0 ? "failed " + failStatus : cause);
        if (failStatus != 0) {
            report(l -> l.failed(this, failStatus));
        } else {
            report(l -> l.released(this, cause));
        }
    }

    /** Our 2xx was never ACKed (or the dialog otherwise timed out): hang up. */
    public void timedOut() {
        if (state == LegState.CONNECTED && dialog != null) {
            signalling.bye();
        }
        end(ReleaseCause.TIMEOUT, 0);
    }

    /** The server is stopping: forget the leg, telling the listener. */
    public void shutDown() {
        if (state == LegState.CONNECTED && dialog != null) {
            signalling.bye();
        }
        end(ReleaseCause.NETWORK, 0);
    }

    /** Calls the listener, isolating its failures from the leg. */
    void report(Consumer<LegListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{}: leg listener failed", id, e);
        }
    }

    @Override
    public String toString() {
        return id + "[" + direction + " " + state + " " + callId + "]";
    }
}
