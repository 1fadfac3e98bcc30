package dev.switchboard.phone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import dev.switchboard.media.LegStats;
import dev.switchboard.media.MediaConfig;
import dev.switchboard.media.MediaEngine;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.MediaListener;
import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.sip.CallParty;
import dev.switchboard.sip.DialRequest;
import dev.switchboard.sip.LegDirection;
import dev.switchboard.sip.LegListener;
import dev.switchboard.sip.SipLeg;
import dev.switchboard.sip.SipServer;
import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.SipStats;
import dev.switchboard.sip.sdp.LocalMedia;
import dev.switchboard.sip.sdp.MediaDirection;
import dev.switchboard.sip.sdp.NegotiatedMedia;
import dev.switchboard.sip.sdp.SessionDescription;

/**
 * Switchboard's SIP phones and trunks as an endpoint of the switches: a registrar and B2BUA ({@link SipServer}) and a
 * mixer ({@link MediaEngine}) joined to the endpoint port. Create it, {@link #attach} the contact center once its
 * switches exist, {@link #start()} it; {@link #close()} ends every leg and frees every port.
 *
 * <p>Threads: the switch thread calls {@link PhoneEndpoint}, the SIP signalling thread reports on legs, registrations
 * and new calls, the media I/O thread reports digits and silence; each only hands work to the adapter's own thread,
 * which alone touches the legs and rooms and submits the switch's {@code leg*} commands.
 */
public final class SipPhones implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipPhones.class);

    private final PhoneSettings settings;
    private final ExecutorService adapter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "phone-adapter");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong inboundIds = new AtomicLong();
    /** Written by the adapter thread only; concurrent so that the API may read media statistics. */
    private final Map<String, PhoneLeg> legs = new ConcurrentHashMap<>();
    private final Map<String, FamilyRoom> rooms = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, PhoneEndpoint> endpoints = new ConcurrentHashMap<>();
    private volatile ContactCenter contactCenter;
    private SipServer sip;
    private MediaEngine media;

    public SipPhones(PhoneSettings settings) {
        this.settings = settings;
    }

    /** The switches whose legs the phones carry; before this, no phone is offered anything. */
    public void attach(ContactCenter center) {
        this.contactCenter = center;
        for (Switch each : center.switches()) {
            endpoints.put(each.environment().name(), new PhoneEndpoint(this, each));
        }
    }

    /** Binds the RTP range and the SIP port (UDP and TCP) and starts answering. */
    public synchronized void start() throws Exception {
        if (contactCenter == null) {
            throw new IllegalStateException("attach the contact center first");
        }
        MediaConfig mediaConfig = MediaConfig.defaults().withBindHost(settings.host())
                .withPorts(settings.firstRtpPort(), settings.lastRtpPort()).withInactivity(settings.inactivity());
        media = MediaEngine.create(mediaConfig, new MediaReports());
        media.start();
        SipServerConfig config = SipServerConfig.of(settings.host(), settings.port()).withTrunks(settings.trunks());
        sip = SipServer.builder(config)
                .credentials(user -> Optional.ofNullable(settings.accounts().get(user)))
                .incomingCalls(this::incoming)
                .registrations(new Registrations())
                .build();
        try {
            sip.start();
        } catch (Exception e) {
            media.close();
            throw e;
        }
    }

    /** {@code sip:HOST:PORT}, for the ready line. */
    public String uri() {
        return sip.uri();
    }

    public int port() {
        return sip.port();
    }

    public PhoneSettings settings() {
        return settings;
    }

    /**
     * The endpoint of a device's new leg: the phones when the DN's phone is registered, else empty (the device keeps
     * today's behaviour).
     */
    public Optional<Endpoint> deviceEndpoint(String environment, String dnNumber) {
        return registered.contains(dnNumber) ? Optional.ofNullable(endpoints.get(environment)) : Optional.empty();
    }

    /** The endpoint of a new leg to an outside number: the phones when a trunk takes outbound calls, else empty. */
    public Optional<Endpoint> externalEndpoint(String environment) {
        return settings.hasOutboundTrunk() ? Optional.ofNullable(endpoints.get(environment)) : Optional.empty();
    }

    /** Whether the DN's phone is registered now. */
    public boolean isRegistered(String dnNumber) {
        return registered.contains(dnNumber);
    }

    /** The media counters of a leg the phones carry, or empty. */
    public Optional<LegStats> mediaStats(String legId) {
        PhoneLeg leg = legs.get(legId);
        MediaLeg carried = leg == null ? null : leg.media;
        return carried == null ? Optional.empty() : Optional.of(carried.stats());
    }

    /** Legs, rooms and RTP ports in use now: zero when every call is over. */
    public Usage usage() {
        return new Usage(legs.size(), rooms.size(), media == null ? 0 : media.portsInUse());
    }

    /** The SIP layer's dialogs, transactions, legs, bindings and handler failures now. */
    public SipStats sipStats() {
        return sip.stats();
    }

    /** What the adapter holds: for leak checks and metrics. */
    public record Usage(int legs, int rooms, int rtpPorts) {
    }

    @Override
    public synchronized void close() {
        if (sip != null) {
            sip.stop();
        }
        adapter.shutdown();
        try {
            adapter.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (media != null) {
            media.close();
        }
    }

    // ---- the adapter thread ----

    void run(Runnable task) {
        try {
            adapter.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("phone adapter task failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("phone adapter stopped; dropped a task");
        }
    }

    // ---- requests from the switch (PhoneEndpoint) ----

    void offer(PhoneEndpoint endpoint, EndpointLeg offered) {
        PhoneLeg leg = new PhoneLeg(offered.id(), endpoint.owner(), false);
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
        FamilyRoom room = rooms.get(now.familyId());
        if (room == null) {
            if (now.legs().isEmpty()) {
                return;
            }
            room = new FamilyRoom(media.openRoom(now.familyId()));
            rooms.put(now.familyId(), room);
        }
        room.update(now);
        closeIfEmpty(now.familyId(), room);
    }

    // ---- calls phones and trunks place ----

    private void incoming(SipLeg sipLeg, CallParty from, CallParty to, SessionDescription offer) {
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
        FamilyRoom room = rooms.computeIfAbsent(familyId, id -> new FamilyRoom(media.openRoom(id)));
        try {
            leg.familyId = familyId;
            leg.media = room.addLeg(leg.id);
            return true;
        } catch (IOException | IllegalStateException e) {
            LOG.warn("{}: no media: {}", leg, e.getMessage());
            closeIfEmpty(familyId, room);
            return false;
        }
    }

    /** The dialog is over or going: the leg leaves the mixer (its port is free again). */
    private void end(PhoneLeg leg) {
        leg.ended = true;
        if (leg.media != null) {
            FamilyRoom room = rooms.get(leg.familyId);
            if (room != null) {
                room.removeLeg(leg.id);
                closeIfEmpty(leg.familyId, room);
            }
        }
    }

    private void closeIfEmpty(String familyId, FamilyRoom room) {
        if (room.isEmpty()) {
            rooms.remove(familyId, room);
            room.room().close();
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
    private Switch switchOf(String number) {
        ContactCenter center = contactCenter;
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
            run(() -> SipPhones.this.ringing(legId));
        }

        @Override
        public void answered(SipLeg leg, NegotiatedMedia negotiated) {
            run(() -> SipPhones.this.answered(legId, negotiated));
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
    private final class MediaReports implements MediaListener {
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

    /** Registrations become the devices' {@code deviceState}. */
    private final class Registrations implements dev.switchboard.sip.RegistrationListener {
        @Override
        public void registered(String aor) {
            registered.add(aor);
            run(() -> report(aor, true));
        }

        @Override
        public void unregistered(String aor) {
            registered.remove(aor);
            run(() -> report(aor, false));
        }

        private void report(String aor, boolean on) {
            Switch owner = switchOf(aor);
            if (owner != null) {
                owner.phoneRegistration(aor, on);
            }
        }
    }
}
