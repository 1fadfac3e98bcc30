package dev.switchboard.sip;

import dev.switchboard.sip.auth.DigestAuthenticator;
import dev.switchboard.sip.auth.NonceService;
import dev.switchboard.sip.call.CallContext;
import dev.switchboard.sip.call.Dialer;
import dev.switchboard.sip.call.InboundInvites;
import dev.switchboard.sip.call.LegImpl;
import dev.switchboard.sip.call.LegRegistry;
import dev.switchboard.sip.registrar.Binding;
import dev.switchboard.sip.registrar.BindingTable;
import dev.switchboard.sip.registrar.Registrar;
import dev.switchboard.sip.stack.SipStackHolder;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchboard's SIP side: a registrar and a B2BUA endpoint on UDP and TCP, one port. Build it with
 * {@link #builder(SipServerConfig)}, {@link #start()} it, {@link #stop()} it; a stopped server leaves no thread and
 * no socket behind.
 *
 * <p>Threads: JAIN-SIP's threads only hand events to one daemon "sip-signalling" thread, which owns every leg,
 * the registrar and the timers. Upward calls (listeners, handler, credential provider) run on that thread and must
 * return at once; downward calls ({@link #dial}, {@link SipLeg} commands) may come from any thread.
 */
public final class SipServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);

    private final SipServerConfig config;
    private final CredentialProvider credentials;
    private final NumberPlan numbers;
    private final IncomingCallHandler incoming;
    private final RegistrationListener registrations;
    private final Clock clock;
    private final Dispatcher dispatcher = new Dispatcher();
    private final LegRegistry legs = new LegRegistry();
    private ScheduledThreadPoolExecutor signalling;
    private SipStackHolder stack;
    private Registrar registrar;
    private Dialer dialer;

    private SipServer(Builder builder) {
        this.config = builder.config;
        this.credentials = builder.credentials;
        this.numbers = builder.numbers;
        this.incoming = builder.incoming;
        this.registrations = builder.registrations;
        this.clock = builder.clock;
    }

    public static Builder builder(SipServerConfig config) {
        return new Builder(config);
    }

    /** Binds UDP and TCP and starts answering. */
    public synchronized void start() throws Exception {
        if (stack != null) {
            throw new IllegalStateException("already started");
        }
        signalling = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sip-signalling");
            thread.setDaemon(true);
            return thread;
        });
        signalling.setRemoveOnCancelPolicy(true);
        try {
            stack = SipStackHolder.start(config, dispatcher);
        } catch (Exception e) {
            signalling.shutdownNow();
            throw e;
        }
        CallContext ctx = new CallContext(config, stack.provider(), stack.messages(), stack.router(), signalling, legs, stack.port());
        DigestAuthenticator authenticator = new DigestAuthenticator(config.realm(), credentials,
                new NonceService(clock, config.nonceLifetime()));
        registrar = new Registrar(config, authenticator, new BindingTable(clock), registrations, stack.messages());
        dialer = new Dialer(ctx, registrar.bindings());
        dispatcher.bind(new Dispatcher.Parts(ctx, registrar,
                new InboundInvites(ctx, authenticator, credentials, numbers, incoming)));
        signalling.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
    }

    /** Ends every leg (BYE where connected, reported as released NETWORK), closes the sockets, stops all threads. */
    public synchronized void stop() {
        if (stack == null) {
            return;
        }
        try {
            signalling.submit(() -> legs.all().forEach(LegImpl::shutDown)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("ending legs at stop", e);
        }
        stack.close();
        signalling.shutdownNow();
        try {
            signalling.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stack = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound UDP and TCP port: the configured one, or the one picked for port 0. */
    public int port() {
        return started().port();
    }

    public String host() {
        return config.host();
    }

    /** {@code sip:HOST:PORT}, for the ready line. */
    public String uri() {
        return "sip:" + config.host() + ":" + port();
    }

    /**
     * Starts an outbound call; the leg reports {@code ringing}, then {@code answered} or {@code failed}.
     * A DN without a registered phone fails with 480, a trunk call without an outbound template with 404.
     */
    public SipLeg dial(DialRequest request) {
        started();
        return dialer.dial(request);
    }

    public boolean isRegistered(String aor) {
        started();
        return registrar.bindings().isRegistered(aor);
    }

    public List<Binding> bindings(String aor) {
        started();
        return registrar.bindings().current(aor);
    }

    /** Drops lapsed registrations now (also done every second), reporting {@code unregistered}. */
    public void sweepRegistrations() {
        started();
        try {
            signalling.submit(registrar::sweep).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("sweep failed", e);
        }
    }

    public SipStats stats() {
        SipStackHolder holder = started();
        return new SipStats(holder.dialogCount(), holder.serverTransactionCount(), holder.clientTransactionCount(),
                legs.size(), holder.router().pinnedCount(), registrar.bindings().size(), dispatcher.failures());
    }

    private void sweepSafely() {
        try {
            registrar.sweep();
        } catch (RuntimeException e) {
            LOG.warn("registration sweep failed", e);
        }
    }

    private SipStackHolder started() {
        SipStackHolder holder = stack;
        if (holder == null) {
            throw new IllegalStateException("not started");
        }
        return holder;
    }

    /** Collects what the SIP layer needs from the upper layer. */
    public static final class Builder {
        private final SipServerConfig config;
        private CredentialProvider credentials = user -> java.util.Optional.empty();
        private NumberPlan numbers = NumberPlan.ANY;
        private IncomingCallHandler incoming = IncomingCallHandler.REJECT;
        private RegistrationListener registrations = RegistrationListener.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder(SipServerConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /** The accounts (DN → digest secret). Default: none, so every phone is refused. */
        public Builder credentials(CredentialProvider provider) {
            this.credentials = Objects.requireNonNull(provider);
            return this;
        }

        /** Which targets exist (else 404). Default: all. */
        public Builder numberPlan(NumberPlan plan) {
            this.numbers = Objects.requireNonNull(plan);
            return this;
        }

        /** Who takes inbound calls. Default: reject with 480. */
        public Builder incomingCalls(IncomingCallHandler handler) {
            this.incoming = Objects.requireNonNull(handler);
            return this;
        }

        public Builder registrations(RegistrationListener listener) {
            this.registrations = Objects.requireNonNull(listener);
            return this;
        }

        /** The clock for registration expiry and nonce lifetime (a fake one in tests). */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock);
            return this;
        }

        public SipServer build() {
            return new SipServer(this);
        }
    }
}
