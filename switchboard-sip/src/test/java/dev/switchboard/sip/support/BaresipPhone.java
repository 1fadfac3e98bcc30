package dev.switchboard.sip.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A headless baresip phone (see the team's softphone notes): its own config directory, a tone WAV as microphone,
 * no sound card, and one ctrl_tcp connection for both commands and events (baresip serves one at a time).
 * Stopped by its PID; quit first when it should un-REGISTER.
 */
public final class BaresipPhone implements AutoCloseable {

    private final ExternalProcess process;
    private final Socket control;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final int sipPort;
    private int token;

    private BaresipPhone(ExternalProcess process, Socket control, Path dir, int sipPort) {
        this.sipPort = sipPort;
        this.process = process;
        this.control = control;
        this.dir = dir;
        Thread reader = new Thread(this::readEvents, "baresip-events-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a phone for one account.
     *
     * @param accountOptions what follows the AOR in the accounts line, e.g. {@code auth_pass=password;answermode=auto}
     */
    public static BaresipPhone start(Path dir, String user, int serverPort, String accountOptions) throws Exception {
        return start(dir, user, serverPort, accountOptions, 440, false);
    }

    /**
     * Starts a phone whose microphone plays a sine of {@code toneHz} (0.3 amplitude, 120 s) and which, when
     * {@code record} is set, writes what it hears to {@code DIR/rec/dump-*-dec.wav} (see {@link #heard()}).
     */
    public static BaresipPhone start(Path dir, String user, int serverPort, String accountOptions, int toneHz, boolean record)
            throws Exception {
        Path baresip = ExternalTool.baresip();
        Path sox = ExternalTool.sox();
        Files.createDirectories(dir.resolve("rec"));
        Path tone = dir.resolve("tone.wav");
        new ProcessBuilder(sox.toString(), "-n", "-r", "8000", "-c", "1", "-b", "16", tone.toString(), "synth", "120", "sine",
                String.valueOf(toneHz), "vol", "0.3").inheritIO().start().waitFor();
        int sipPort = freePortPair();
        int controlPort = freeTcpPort();
        int rtpBase = 30_000 + 2 * ThreadLocalRandom.current().nextInt(0, 4_000);
        Files.writeString(dir.resolve("config"), String.join("\n",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "audio_source aufile," + tone,
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "rtp_ports " + rtpBase + "-" + (rtpBase + 19),
                "jitter_buffer_delay 5-10",
                "dns_server 127.0.0.1:53",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                record ? "module sndfile.so\nsnd_path " + dir.resolve("rec") : "",
                "module aubridge.so",
                "module aufile.so",
                "module_tmp uuid.so",
                "module_tmp account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                "statmode_default off", ""));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@127.0.0.1:" + serverPort + ";transport=udp>;auth_user=" + user
                + ";" + accountOptions + ";audio_codecs=PCMU;ptime=20;medianat=;mediaenc=\n");
        ExternalProcess process = ExternalProcess.start(List.of(baresip.toString(), "-f", dir.toString()), dir,
                dir.resolve("out.log"));
        AtomicReference<Socket> control = new AtomicReference<>();
        try {
            await("baresip ctrl_tcp").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                // A socket whose connect failed is closed for good: a fresh one per attempt.
                Socket attempt = new Socket();
                try {
                    attempt.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), controlPort), 500);
                    control.set(attempt);
                    return true;
                } catch (IOException notYet) {
                    attempt.close();
                    return false;
                }
            });
        } catch (RuntimeException e) {
            process.close();
            throw new IllegalStateException("baresip did not open ctrl_tcp: " + process.output(), e);
        }
        return new BaresipPhone(process, control.get(), dir, sipPort);
    }

    /** Sends a ctrl_tcp command, e.g. {@code ("dial", "sip:7000@127.0.0.1:5060")}. */
    public synchronized void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + (params == null ? "" : params) + "\",\"token\":\""
                + (++token) + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = control.getOutputStream();
        out.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write(',');
        out.flush();
    }

    /** Waits for an event of this type ({@code REGISTER_OK}, {@code CALL_ESTABLISHED}…), at most this long. */
    public void awaitEvent(String type, Duration atMost) {
        await("baresip " + type + " in " + dir).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> events.stream().anyMatch(e -> e.contains("\"type\":\"" + type + "\"")));
    }

    /** The port the phone listens for SIP on (UDP and TCP): where a trunk's outbound calls reach it. */
    public int sipPort() {
        return sipPort;
    }

    /** The recordings of what the phone heard, one per call, oldest first ({@code dump-*-dec.wav}). */
    public List<Path> heard() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("rec"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
        }
    }

    /** How many events of this type the phone reported so far. */
    public long countEvents(String type) {
        return events.stream().filter(e -> e.contains("\"type\":\"" + type + "\"")).count();
    }

    public boolean sawEvent(String type) {
        return events.stream().anyMatch(e -> e.contains("\"type\":\"" + type + "\""));
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    public String log() {
        return process.output();
    }

    /** Quits cleanly (un-REGISTERs) and waits for the exit, bounded. */
    public int quit() throws Exception {
        command("quit", null);
        return process.waitFor(10);
    }

    private void readEvents() {
        try {
            InputStream in = control.getInputStream();
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < 0) {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] body = in.readNBytes(length);
                if (in.read() < 0) {
                    return;
                }
                events.add(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // The phone quit or was stopped.
        }
    }

    @Override
    public void close() throws Exception {
        try {
            control.close();
        } finally {
            process.close();
        }
    }

    /** A port free on UDP and TCP whose successor (baresip's TLS port) is free on TCP too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = 20_000 + ThreadLocalRandom.current().nextInt(0, 9_000);
            try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress());
                 ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 ServerSocket tls = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IOException("no free port pair");
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
