package dev.switchboard.phone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.command.Outcome;
import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.endpoint.EndpointLeg;
import dev.switchboard.core.endpoint.Origination;
import dev.switchboard.core.endpoint.ReleaseCause;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.core.view.PartyRole;
import dev.switchboard.media.LegMedia;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaListener;
import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.sip.CallParty;
import dev.switchboard.sip.DialRequest;
import dev.switchboard.sip.LegDirection;
import dev.switchboard.sip.LegListener;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.SipServer;
import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.MediaDirection;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import dev.switchboard.sip.sdp.SessionDescription;

/**
 * The legs phones and trunks carry, on the adapter's thread: what the switch asks of them (offer, answer, hold,
 * release, DTMF, who hears whom), the calls phones and trunks place, and what SIP and the mixer report back, each turned
 * into one of the switch's {@code leg*} commands. Nothing here runs on another thread: the other threads hand work to
 * the adapter through {@code run}.
 */
final class PhoneCalls {
    private static final Logger LOG = LoggerFactory.getLogger(PhoneCalls.class);

    private final PhoneSettings settings;
    private final Consumer<Runnable> run;
    private final Supplier<ContactCenter> contactCenter;
    private final Map<String, ? extends Endpoint> endpoints;
    /** Written by the adapter thread only; concurrent so that the API may read media statistics. */
    private final Map<String, PhoneLeg> legs;
    private final AtomicLong inboundIds = new AtomicLong();
    private FamilyRooms rooms;
    private SipServer sip;

    PhoneCalls(PhoneSettings settings, Consumer<Runnable> run, Supplier<ContactCenter> contactCenter,
               Map<String, ? extends Endpoint> endpoints, Map<String, PhoneLeg> legs) {
        this.settings = settings;
        this.run = run;
        this.contactCenter = contactCenter;
        this.endpoints = endpoints;
        this.legs = legs;
    }

    /** The mixer's rooms and the SIP server, once they exist (they need this object's listeners first). */
    void use(FamilyRooms familyRooms, SipServer sipServer) {
        this.rooms = familyRooms;
        this.sip = sipServer;
    }

    /** Hands work to the adapter's thread: every call into this class from another thread goes through here. */
    void run(Runnable task) {
        run.accept(task);
    }

    // ---- requests from the switch (PhoneEndpoint) ----

    void offer(Switch owner, EndpointLeg offered) {
        PhoneLeg leg = new PhoneLeg(offered.id(), owner, false);
        legs.put(leg.id, leg);
        if (!ensureMedia(leg, offered.familyId())) {
            leg.ended = true;
            legs.remove(leg.id);
            leg.owner.legFailed(leg.id, ReleaseCause.UNREACHABLE);
            return;
        }
        // The phone shows who calls: the caller for an offer, the destination for its own user's call.
        String shown = offered.role() == PartyRole.ORIGINATOR ? offered.dnis() : offered.ani();
        CallParty caller = new CallParty(shown == null ? "anonymous" : shown, null,
                "sip:" + (shown == null ? "anonymous" : shown) + "@" + settings.host());
        LocalMedia local = new LocalMedia(settings.host(), leg.media.localPort());
        Reports reports = new Reports(leg.id);
        DialRequest request = offered.deviceId() != null ? DialRequest.toPhone(offered.number(), caller, local, reports)
                : DialRequest.toTrunk(offered.number(), caller, local, reports);
        if (offered.supervisor() || offered.role() == PartyRole.ORIGINATOR) {
            // A supervisor's leg and the phone of a user who dials from the desktop pick up by themselves.
            request = request.withAutoAnswer(settings.host());
        }
        leg.sip = sip.dial(request);
    }

    void answer(EndpointLeg asked) {
        PhoneLeg leg = live(asked);
        if (leg == null || leg.sip == null) {
            refuse(asked, "the phone's leg is gone");
            return;
        }
        leg.sip.answerRemotely();
    }

    void hold(EndpointLeg asked, boolean hold) {
        PhoneLeg leg = live(asked);
        if (leg == null || leg.sip == null) {
            refuse(asked, "the phone's leg is gone");
            return;
        }
        if (hold) {
            // A held phone sends nothing: its silence must not end the call.
            expectMedia(leg, false);
            leg.sip.hold();
        } else {
            leg.sip.retrieve();
        }
    }

    void release(EndpointLeg released, ReleaseCause cause) {
        PhoneLeg leg = legs.get(released.id());
        if (leg == null) {
            return;
        }
        leg.switchKnowsEnded = true;
        if (!leg.ended && leg.sip != null) {
            if (leg.origination && !leg.answerSent) {
                leg.sip.reject(Causes.statusOf(cause));
            } else {
                leg.sip.release();
            }
        }
        end(leg);
        if (leg.sip == null) {
            legs.remove(leg.id);
        }
    }

    void sendDtmf(EndpointLeg target, String digits) {
        PhoneLeg leg = live(target);
        if (leg == null || leg.sip == null) {
            return;
        }
        MediaLeg carried = leg.media;
        if (carried != null && carried.media() != null && carried.media().telephoneEventPayloadType() >= 0) {
            carried.sendDtmf(digits);
        } else {
            leg.sip.sendDtmf(digits);
        }
    }

    void connected(EndpointLeg established) {
        PhoneLeg leg = live(established);
        if (leg == null || !leg.origination || leg.answerSent) {
            return;
        }
        if (!ensureMedia(leg, established.familyId())) {
            leg.sip.reject(503);
            leg.ended = true;
            leg.switchKnowsEnded = true;
            leg.owner.legReleased(leg.id, ReleaseCause.UNREACHABLE);
            return;
        }
        leg.answerSent = true;
        leg.sip.answer(new LocalMedia(settings.host(), leg.media.localPort()));
    }

    void connectMedia(CallMedia now) {
        rooms.update(now);
    }

    // ---- calls phones and trunks place ----

    void incoming(SipLeg sipLeg, CallParty from, CallParty to, SessionDescription offer) {
        // Signalling thread: the listener must be set now; the rest is the adapter's.
        String legId = "sip-" + inboundIds.incrementAndGet();
        sipLeg.listen(new Reports(legId));
        run(() -> placeCall(legId, sipLeg, from, to));
    }

    private void placeCall(String legId, SipLeg sipLeg, CallParty from, CallParty to) {
        boolean trunk = sipLeg.direction() == LegDirection.INBOUND_TRUNK;
        String caller = from.user() == null || from.user().isBlank() ? "anonymous" : from.user();
        Switch owner = switchOf(trunk ? to.user() : caller);
        if (owner == null) {
            sipLeg.reject(404);
            return;
        }
        PhoneLeg leg = new PhoneLeg(legId, owner, true);
        leg.sip = sipLeg;
        legs.put(legId, leg);
        sipLeg.ringing();
        Origination origination = new Origination(legId, endpoints.get(owner.environment().name()));
        CompletableFuture<Outcome> placed = trunk ? owner.externalCall(caller, to.user(), Map.of(), origination)
                : owner.phoneCall(caller, to.user(), origination);
        placed.whenComplete((outcome, failure) -> run(() -> placed(leg, outcome, failure)));
    }

    private void placed(PhoneLeg leg, Outcome outcome, Throwable failure) {
        if (failure != null || !(outcome instanceof Outcome.Accepted accepted)) {
            if (failure != null) {
                LOG.warn("{}: the switch failed to take the call", leg, failure);
            } else {
                LOG.info("{}: the switch refused the call: {}", leg, outcome);
            }
            leg.switchKnowsEnded = true;
            if (!leg.ended && !leg.answerSent) {
                leg.sip.reject(failure != null ? 500 : Causes.statusOf((Outcome.Refused) outcome));
            }
            end(leg);
            return;
        }
        if (!leg.ended && !ensureMedia(leg, accepted.id())) {
            leg.sip.reject(503);
            leg.switchKnowsEnded = true;
            leg.owner.legReleased(leg.id, ReleaseCause.UNREACHABLE);
            end(leg);
        }
    }

    // ---- what legs and the mixer report ----

    private void ringing(String legId) {
        PhoneLeg leg = legs.get(legId);
        if (leg != null && !leg.switchKnowsEnded) {
            leg.owner.legRinging(legId);
        }
    }

    private void answered(String legId, NegotiatedMedia negotiated) {
        PhoneLeg leg = legs.get(legId);
        if (leg == null) {
            return;
        }
        configure(leg, negotiated);
        if (!leg.origination && !leg.switchKnowsEnded) {
            leg.owner.legAnswered(legId);
        }
    }

    private void ended(String legId, ReleaseCause cause, boolean failed) {
        PhoneLeg leg = legs.remove(legId);
        if (leg == null) {
            return;
        }
        end(leg);
        if (!leg.switchKnowsEnded) {
            leg.switchKnowsEnded = true;
            if (failed) {
                leg.owner.legFailed(legId, cause);
            } else {
                leg.owner.legReleased(legId, cause);
            }
        }
    }

    private void confirmed(String legId, boolean hold) {
        PhoneLeg leg = legs.get(legId);
        if (leg != null && !hold) {
            expectMedia(leg, true);
        }
        if (leg != null && !leg.switchKnowsEnded) {
            if (hold) {
                leg.owner.legHeld(legId);
            } else {
                leg.owner.legRetrieved(legId);
            }
        }
    }

    private void refused(String legId, String reason) {
        PhoneLeg leg = legs.get(legId);
        if (leg != null && reason.startsWith("hold")) {
            expectMedia(leg, true);
        }
        if (leg != null && !leg.switchKnowsEnded) {
            leg.owner.legRefused(legId, reason);
        }
    }

    private void digits(String legId, String digits) {
        PhoneLeg leg = legs.get(legId);
        if (leg != null && !leg.switchKnowsEnded) {
            leg.owner.legDtmf(legId, digits);
        }
    }

    private void silent(String legId) {
        PhoneLeg leg = legs.get(legId);
        if (leg == null || leg.ended) {
            return;
        }
        LOG.info("{}: no RTP for {}; releasing it", leg, settings.inactivity());
        leg.sip.release();
        if (!leg.switchKnowsEnded) {
            leg.switchKnowsEnded = true;
            leg.owner.legReleased(legId, ReleaseCause.MEDIA_TIMEOUT);
        }
        end(leg);
    }

    // ---- helpers (adapter thread) ----

    private PhoneLeg live(EndpointLeg named) {
        PhoneLeg leg = legs.get(named.id());
        return leg == null || leg.ended ? null : leg;
    }

    private void refuse(EndpointLeg asked, String reason) {
        Switch owner = switchOf(asked.number());
        PhoneLeg leg = legs.get(asked.id());
        if (leg != null) {
            leg.owner.legRefused(asked.id(), reason);
        } else if (owner != null) {
            owner.legRefused(asked.id(), reason);
        }
    }

    /** Gives the leg its place in its family's room; false when no RTP port could be bound. */
    private boolean ensureMedia(PhoneLeg leg, String familyId) {
        if (leg.media != null) {
            return true;
        }
        try {
            leg.media = rooms.join(familyId, leg.id);
            leg.familyId = familyId;
            return true;
        } catch (IOException | IllegalStateException e) {
            LOG.warn("{}: no media: {}", leg, e.getMessage());
            return false;
        }
    }

    /** The dialog is over or going: the leg leaves the mixer (its port is free again). */
    private void end(PhoneLeg leg) {
        leg.ended = true;
        if (leg.media != null) {
            rooms.leave(leg.familyId, leg.id);
        }
    }

    private static void expectMedia(PhoneLeg leg, boolean expected) {
        MediaLeg carried = leg.media;
        if (carried != null) {
            carried.expectMedia(expected);
        }
    }

    private void configure(PhoneLeg leg, NegotiatedMedia negotiated) {
        MediaLeg carried = leg.media;
        if (carried == null || leg.ended) {
            return;
        }
        // A phone that holds us with inactive or c=0.0.0.0, or that only receives, sends nothing until it retrieves.
        MediaDirection direction = negotiated.remoteDirection();
        carried.expectMedia(!"0.0.0.0".equals(negotiated.remoteAddress())
                && (direction == MediaDirection.SENDRECV || direction == MediaDirection.SENDONLY));
        if ("0.0.0.0".equals(negotiated.remoteAddress())) {
            return;
        }
        try {
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(negotiated.remoteAddress()), negotiated.remotePort());
            int events = negotiated.telephoneEventPayloadType() == negotiated.payloadType() ? -1 : negotiated.telephoneEventPayloadType();
            carried.configure(new LegMedia(G711Codec.valueOf(negotiated.codec().name()), negotiated.payloadType(), events, remote,
                    false));
        } catch (UnknownHostException | IllegalArgumentException e) {
            LOG.warn("{}: unusable media {}: {}", leg, negotiated, e.getMessage());
        }
    }

    /** The switch whose voice environment has this number (a DN, routing point or queue), or {@code null}. */
    Switch switchOf(String number) {
        ContactCenter center = contactCenter.get();
        if (number == null || center == null) {
            return null;
        }
        for (Switch each : center.switches()) {
            if (center.directory().dnByNumber(each.environment().name(), number).isPresent()) {
                return each;
            }
        }
        return null;
    }

    /** One leg's SIP reports, handed to the adapter thread. */
    private final class Reports implements LegListener {
        private final String legId;

        Reports(String legId) {
            this.legId = legId;
        }

        @Override
        public void ringing(SipLeg leg) {
            run(() -> PhoneCalls.this.ringing(legId));
        }

        @Override
        public void answered(SipLeg leg, NegotiatedMedia negotiated) {
            run(() -> PhoneCalls.this.answered(legId, negotiated));
        }

        @Override
        public void failed(SipLeg leg, int status) {
            run(() -> ended(legId, Causes.ofFailure(status), true));
        }

        @Override
        public void released(SipLeg leg, dev.switchboard.sip.ReleaseCause cause) {
            run(() -> ended(legId, ReleaseCause.NORMAL, false));
        }

        @Override
        public void held(SipLeg leg) {
            run(() -> confirmed(legId, true));
        }

        @Override
        public void holdRefused(SipLeg leg, int status) {
            run(() -> refused(legId, "hold refused with " + status));
        }

        @Override
        public void retrieved(SipLeg leg) {
            run(() -> confirmed(legId, false));
        }

        @Override
        public void retrieveRefused(SipLeg leg, int status) {
            run(() -> refused(legId, "retrieve refused with " + status));
        }

        @Override
        public void mediaChanged(SipLeg leg, NegotiatedMedia negotiated, boolean remoteHolds) {
            run(() -> {
                PhoneLeg phoneLeg = legs.get(legId);
                if (phoneLeg != null) {
                    configure(phoneLeg, negotiated);
                }
            });
        }

        @Override
        public void dtmf(SipLeg leg, String digits) {
            run(() -> digits(legId, digits));
        }

        @Override
        public void remoteAnswerRefused(SipLeg leg, int status) {
            run(() -> refused(legId, "the phone cannot be answered from the desktop (" + status + "); answer on the phone"));
        }
    }

    /** The mixer's reports, handed to the adapter thread. */
    final class MediaReports implements MediaListener {
        @Override
        public void digitReceived(MediaLeg leg, char digit) {
            String legId = leg.id();
            run(() -> digits(legId, String.valueOf(digit)));
        }

        @Override
        public void legInactive(MediaLeg leg) {
            String legId = leg.id();
            run(() -> silent(legId));
        }
    }
}
