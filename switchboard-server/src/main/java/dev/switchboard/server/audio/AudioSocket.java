package dev.switchboard.server.audio;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.User;
import dev.switchboard.phone.BrowserAudio;
import dev.switchboard.phone.BrowserLine;

/**
 * One page's audio connection: on open it registers as the audio endpoint of its device, says so in a text message,
 * then carries frames both ways ({@link AudioFrames}); on close the line is unregistered and its legs end. The socket
 * delivers one message at a time, so {@link #onWebSocketBinary} is this line's only writer. Public only because Jetty
 * calls the listener's methods through method handles.
 */
public final class AudioSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.audio");
    /** Frames sent but not yet written to the network: beyond this the page is not keeping up, and frames are dropped. */
    private static final int MAX_IN_FLIGHT = 25;

    private final BrowserAudio browsers;
    private final User user;
    private final Dn dn;
    private final AudioFrames incoming = new AudioFrames();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Session session;
    private volatile BrowserLine line;

    AudioSocket(BrowserAudio browsers, User user, Dn dn) {
        this.browsers = browsers;
        this.user = user;
        this.dn = dn;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        this.session = opened;
        line = browsers.register(dn.environment(), dn.number(), this::send);
        LOG.info("event=audio-open user={} dn={} remote={}", user.userName(), dn.number(), opened.getRemoteSocketAddress());
        opened.sendText("{\"type\":\"registered\",\"deviceId\":\"" + dn.id() + "\",\"dn\":\"" + dn.number()
                + "\",\"format\":\"s16le\",\"sampleRate\":" + AudioFrames.SAMPLE_RATE + ",\"frameSamples\":" + AudioFrames.FRAME_SAMPLES
                + "}", Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        BrowserLine current = line;
        if (current != null) {
            incoming.read(payload, current::write);
        }
        callback.succeed();
    }

    @Override
    public void onWebSocketText(String message) {
        // Nothing to say yet: the page only listens and talks.
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        closeLine("close " + statusCode);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closeLine("error " + cause);
    }

    private void closeLine(String why) {
        BrowserLine current = line;
        if (current != null && !current.isClosed()) {
            current.close();
            LOG.info("event=audio-close user={} dn={} reason={}", user.userName(), dn.number(), why);
        }
    }

    /** The browser-audio thread: one frame of what the device hears, sent without waiting. */
    private void send(short[] frame) {
        Session open = session;
        if (open == null || !open.isOpen()) {
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return;
        }
        open.sendBinary(AudioFrames.write(frame), Callback.from(inFlight::decrementAndGet, failure -> inFlight.decrementAndGet()));
    }
}
