package dev.switchboard.phone;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.endpoint.Endpoint;
import dev.switchboard.core.telephony.Switch;
import dev.switchboard.media.LegStats;
import dev.switchboard.media.MediaConfig;
import dev.switchboard.media.MediaEngine;
import dev.switchboard.media.MediaLeg;
import dev.switchboard.media.TickStats;
import dev.switchboard.sip.SipServer;
import dev.switchboard.sip.SipServerConfig;
import dev.switchboard.sip.SipStats;

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
    /** Written by the adapter thread only; concurrent so that the API may read media statistics. */
    private final Map<String, PhoneLeg> legs = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, PhoneEndpoint> endpoints = new ConcurrentHashMap<>();
    private final PhoneCalls calls;
    /** Browsers as the third endpoint kind: their legs share the phones' rooms and adapter thread. */
    private final BrowserAudio browsers = new BrowserAudio(this::run, (environment, dn) -> run(() -> reportPresence(dn)));
    private volatile ContactCenter contactCenter;
    private SipServer sip;
    private volatile MediaEngine media;
    private FamilyRooms rooms;

    public SipPhones(PhoneSettings settings) {
        this.settings = settings;
        this.calls = new PhoneCalls(settings, this::run, () -> contactCenter, endpoints, legs);
    }

    /** The switches whose legs the phones carry; before this, no phone is offered anything. */
    public void attach(ContactCenter center) {
        this.contactCenter = center;
        for (Switch each : center.switches()) {
            endpoints.put(each.environment().name(), new PhoneEndpoint(calls, each));
        }
        browsers.attach(center);
    }

    /** Binds the RTP range and the SIP port (UDP and TCP) and starts answering. */
    public synchronized void start() throws Exception {
        if (contactCenter == null) {
            throw new IllegalStateException("attach the contact center first");
        }
        MediaConfig mediaConfig = MediaConfig.defaults().withBindHost(settings.host())
                .withPorts(settings.firstRtpPort(), settings.lastRtpPort()).withInactivity(settings.inactivity());
        media = MediaEngine.create(mediaConfig, calls.new MediaReports());
        media.start();
        rooms = new FamilyRooms(media, settings.recordings());
        SipServerConfig config = SipServerConfig.of(settings.host(), settings.port()).withTrunks(settings.trunks());
        sip = SipServer.builder(config)
                .credentials(user -> Optional.ofNullable(settings.accounts().get(user)))
                .incomingCalls(calls::incoming)
                .registrations(new Registrations())
                .build();
        calls.use(rooms, sip);
        browsers.start(rooms);
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

    /** The browsers that carry their users' audio, in the same mixer rooms as the phones. */
    public BrowserAudio browsers() {
        return browsers;
    }

    /** The media counters of a leg the phones (or the browsers) carry, or empty. */
    public Optional<LegStats> mediaStats(String legId) {
        PhoneLeg leg = legs.get(legId);
        MediaLeg carried = leg == null ? null : leg.media;
        return carried == null ? browsers.mediaStats(legId) : Optional.of(carried.stats());
    }

    /** Legs, rooms and RTP ports in use now: zero when every call is over. */
    public Usage usage() {
        return new Usage(legs.size(), rooms == null ? 0 : rooms.size(), media == null ? 0 : media.portsInUse());
    }

    /** The mixer's tick statistics since start, merged over its tickers (see {@link TickStats}); zeros before start. */
    public TickStats tickStats() {
        MediaEngine engine = media;
        return engine == null ? new TickStats(0, 0, 0, 0, 0, 0, 0, 0, 0) : engine.tickStats();
    }

    /**
     * The mixer's ticks (of every ticker) shorter than each limit since start: cumulative counts, see
     * {@link MediaEngine#tickCountsBelow}; zeros before start.
     */
    public long[] tickCountsBelow(long... limitsMicros) {
        MediaEngine engine = media;
        return engine == null ? new long[limitsMicros.length] : engine.tickCountsBelow(limitsMicros);
    }

    /**
     * RTP packets sent and received by the legs carried now, summed (a leg's counts leave with it, so this is no
     * counter): between two readings while the same legs live, the difference is the packets of that interval.
     */
    public RtpPackets rtpPackets() {
        long sent = 0;
        long received = 0;
        for (PhoneLeg leg : legs.values()) {
            MediaLeg carried = leg.media;
            if (carried != null) {
                LegStats stats = carried.stats();
                sent += stats.rtpSent();
                received += stats.rtpReceived();
            }
        }
        return new RtpPackets(sent, received);
    }

    /** RTP packets of the legs carried now ({@link #rtpPackets()}). */
    public record RtpPackets(long sent, long received) {
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
        browsers.close();
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

    /** Hands work to the adapter's thread (dropped once the adapter is closed). */
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


    /**
     * Adapter thread: the device of {@code dn} has a phone behind it while a SIP phone is registered for it or a browser
     * carries its audio; its {@code deviceState} says so (read when the task runs, so reports in any order end right).
     */
    private void reportPresence(String dn) {
        Switch owner = calls.switchOf(dn);
        if (owner != null) {
            boolean present = registered.contains(dn) || browsers.isRegistered(owner.environment().name(), dn);
            owner.phoneRegistration(dn, present);
        }
    }

    /** Registrations become the devices' {@code deviceState}. */
    private final class Registrations implements dev.switchboard.sip.RegistrationListener {
        @Override
        public void registered(String aor) {
            registered.add(aor);
            run(() -> reportPresence(aor));
        }

        @Override
        public void unregistered(String aor) {
            registered.remove(aor);
            run(() -> reportPresence(aor));
        }
    }
}
