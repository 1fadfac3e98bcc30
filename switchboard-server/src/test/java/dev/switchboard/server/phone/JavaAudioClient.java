package dev.switchboard.server.phone;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

/**
 * {@code /ext/v1/audio} from Java, exactly as the page module speaks it: after the {@code registered} message, one
 * 20 ms frame of its tone (16-bit little-endian PCM, 8 kHz) every 20 ms; every binary frame received is kept.
 */
final class JavaAudioClient implements AudioClient {
    private static final int FRAME = 160;

    private final Session session;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<String> registered = new AtomicReference<>();
    private short[] heard = new short[0];
    private int heardLength;
    private long sample;

    /**
     * @param cookie the {@code JSESSIONID} of the user's GWS session (what a browser sends)
     */
    JavaAudioClient(WebSocketContainer container, String baseUrl, String cookie, int toneHz) throws Exception {
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Cookie", List.of("JSESSIONID=" + cookie));
            }
        }).build();
        session = container.connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session opened, EndpointConfig endpointConfig) {
                opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) registered::set);
                opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) JavaAudioClient.this::received);
            }

            @Override
            public void onClose(Session closed, CloseReason reason) {
                clock.shutdown();
            }
        }, config, URI.create(baseUrl.replaceFirst("^http", "ws") + "/ext/v1/audio"));
        await("the registered message").atMost(Duration.ofSeconds(5)).until(() -> registered.get() != null);
        clock.scheduleAtFixedRate(() -> say(toneHz), 0, 20, TimeUnit.MILLISECONDS);
    }

    String registeredMessage() {
        return registered.get();
    }

    private void say(int toneHz) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < FRAME; i++) {
            frame.putShort((short) Math.round(0.3 * 32767 * Math.sin(2 * Math.PI * toneHz * sample++ / 8000.0)));
        }
        frame.flip();
        session.getAsyncRemote().sendBinary(frame);
    }

    private synchronized void received(ByteBuffer frame) {
        ByteBuffer in = frame.order(ByteOrder.LITTLE_ENDIAN);
        int samples = in.remaining() / 2;
        if (heardLength + samples > heard.length) {
            heard = java.util.Arrays.copyOf(heard, Math.max(heard.length * 2, heardLength + samples + 8000));
        }
        for (int i = 0; i < samples; i++) {
            heard[heardLength++] = in.getShort();
        }
    }

    @Override
    public synchronized short[] heard() {
        return java.util.Arrays.copyOf(heard, heardLength);
    }

    @Override
    public void close() throws Exception {
        clock.shutdownNow();
        clock.awaitTermination(2, TimeUnit.SECONDS);
        session.close();
    }
}
