package dev.switchboard.sip.stack;

import dev.switchboard.sip.SipServerConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one JAIN-SIP stack: its properties, a UDP and a TCP listening point on the same port, and the provider.
 * {@link #close()} releases all of them and stops the stack's threads.
 */
public final class SipStackHolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SipStackHolder.class);
    private static final int PORT_ATTEMPTS = 20;
    private static final Object STACK_CREATION = new Object();

    private final SipStack stack;
    private final SipProvider provider;
    private final SipMessages messages;
    private final int port;
    private final SipListener listener;
    private final Set<Thread> scannerThreads;

    private SipStackHolder(SipStack stack, SipProvider provider, SipMessages messages, int port, SipListener listener,
                           Set<Thread> scannerThreads) {
        this.listener = listener;
        this.scannerThreads = scannerThreads;
        this.stack = stack;
        this.provider = provider;
        this.messages = messages;
        this.port = port;
    }

    /** Creates the stack and listens; port 0 in the config picks a port free on both UDP and TCP. */
    public static SipStackHolder start(SipServerConfig config, SipListener listener) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        int wanted = config.port();
        Exception last = null;
        for (int attempt = 0; attempt < (wanted == 0 ? PORT_ATTEMPTS : 1); attempt++) {
            int port = wanted == 0 ? freePort(config.host()) : wanted;
            SipStack stack;
            Set<Thread> scanners;
            synchronized (STACK_CREATION) {
                Set<Thread> before = eventScanners();
                stack = factory.createSipStack(properties(config, port));
                scanners = eventScanners();
                scanners.removeAll(before);
            }
            try {
                ListeningPoint udp = stack.createListeningPoint(config.host(), port, ListeningPoint.UDP);
                ListeningPoint tcp = stack.createListeningPoint(config.host(), port, ListeningPoint.TCP);
                SipProvider provider = stack.createSipProvider(udp);
                provider.addListeningPoint(tcp);
                provider.addSipListener(listener);
                provider.setAutomaticDialogSupportEnabled(false);
                SipMessages messages = new SipMessages(factory.createMessageFactory(), factory.createHeaderFactory(),
                        factory.createAddressFactory(), config.userAgent());
                stack.start();
                LOG.info("SIP listening on {}:{} (UDP and TCP)", config.host(), port);
                return new SipStackHolder(stack, provider, messages, port, listener, scanners);
            } catch (Exception e) {
                last = e;
                stack.stop();
                scanners.forEach(Thread::interrupt);
                LOG.debug("port {} unusable: {}", port, e.toString());
            }
        }
        throw last;
    }

    /**
     * JAIN-SIP's event scanner threads (non-daemon). In this version {@code stop()} marks the scanner stopped but
     * leaves its thread blocked in {@code take()} forever, which would keep the JVM alive; so each holder remembers
     * the scanner its stack created and interrupts it after stopping.
     */
    private static Set<Thread> eventScanners() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> "EventScannerThread".equals(t.getName()))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static Properties properties(SipServerConfig config, int port) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "switchboard-" + config.host() + "-" + port);
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        properties.setProperty("javax.sip.ROUTER_PATH", HopRouter.class.getName());
        properties.setProperty("javax.sip.USE_ROUTER_FOR_ALL_URIS", "true");
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        // The listener only hands events to the signalling thread, so stack threads may call it at once (TCP
        // connections each have one). UDP is read by one thread: with several, a phone's ACK and its next request,
        // or a request and its retransmission, race inside the stack (seen: re-INVITE before ACK, 500 "Request out
        // of order" for a retransmitted UPDATE). Parsing and handing over is cheap, so one thread keeps up.
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        // Room for bursts on the single UDP reader (the kernel caps it at net.core.rmem_max).
        properties.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(1 << 20));
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", String.valueOf(config.maxMessageBytes()));
        // A TCP peer gets this long to finish a message it started: no slow-loris connections held open.
        properties.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "5000");
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.LINGER_TIMER", String.valueOf(config.dialogLingerSeconds()));
        properties.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        properties.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
        properties.setProperty("gov.nist.javax.sip.RFC_2543_SUPPORT_ENABLED", "false");
        return properties;
    }

    private static int freePort(String host) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            int port;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                port = udp.getLocalPort();
            }
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(address, port));
                return port;
            } catch (IOException taken) {
                LOG.debug("TCP port {} taken, trying another", port);
            }
        }
        throw new IOException("no port free on both UDP and TCP on " + host);
    }

    public SipProvider provider() {
        return provider;
    }

    public SipMessages messages() {
        return messages;
    }

    public int port() {
        return port;
    }

    public HopRouter router() {
        return (HopRouter) stack.getRouter();
    }

    /** Dialogs the stack still tracks: a leak check for tests. */
    public int dialogCount() {
        return ((gov.nist.javax.sip.SipStackImpl) stack).getDialogs().size();
    }

    public int serverTransactionCount() {
        return ((gov.nist.javax.sip.SipStackImpl) stack).getServerTransactionTableSize();
    }

    public int clientTransactionCount() {
        return ((gov.nist.javax.sip.SipStackImpl) stack).getClientTransactionTableSize();
    }

    @Override
    public void close() {
        try {
            provider.removeSipListener(listener);
            for (ListeningPoint point : provider.getListeningPoints()) {
                provider.removeListeningPoint(point);
                stack.deleteListeningPoint(point);
            }
            stack.deleteSipProvider(provider);
        } catch (Exception e) {
            LOG.warn("releasing SIP listening points", e);
        }
        stack.stop();
        scannerThreads.forEach(Thread::interrupt);
        LOG.info("SIP stopped on port {}", port);
    }
}
