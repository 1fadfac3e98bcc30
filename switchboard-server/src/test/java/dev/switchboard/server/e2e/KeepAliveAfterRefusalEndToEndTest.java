package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A refused POST keeps its connection: the server reads the body before it answers, so a keep-alive client (the JDK's
 * HttpClient, a browser) can send its next request on the same connection. A server that answered first and then
 * found the body unread would close the connection after the reply, and the client's next POST on it, which it
 * must not retry, would fail with no bytes received.
 *
 * <p>The body is sent only after a short look for an early reply, as a client whose body goes out in a second packet.
 */
class KeepAliveAfterRefusalEndToEndTest extends EndToEndTest {
    private static final int TIMEOUT_MILLIS = 10_000;
    /** How long to look for a reply sent before the body: long enough for the server to answer if it would. */
    private static final int EARLY_REPLY_LOOK_MILLIS = 300;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "no credentials (401 from the authentication filter), /api/v2/me, false, 401",
        "not an administrator (403 from the simulator's route), /sim/v1/calls, true, 403",
        "a route that does not exist (404 from the servlet), /api/v2/me/nothing-here, true, 404",
    })
    void theNextRequestOnTheConnectionIsAnswered(String refusal, String path, boolean authenticated, int expected)
            throws IOException {
        URI base = URI.create(server.baseUrl());
        String authorization = authenticated
                ? "Authorization: Basic " + Base64.getEncoder().encodeToString("agent1:password".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                : "";
        byte[] body = "{\"operationName\":\"Ready\"}".getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n" + authorization
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.setSoTimeout(EARLY_REPLY_LOOK_MILLIS);
            int early = statusIfAny(in);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            out.write(body);
            out.flush();
            int first = early >= 0 ? early : status(in);
            assertThat(first).as(refusal).isEqualTo(expected);

            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            assertThat(status(in)).as("the second request on the connection").isEqualTo(expected);
        }
    }

    /** The status of a reply that came before the body was sent, after reading all of it; -1 when none came. */
    private static int statusIfAny(InputStream in) throws IOException {
        try {
            return status(in);
        } catch (SocketTimeoutException none) {
            return -1;
        }
    }

    /** Reads one whole reply (its body by Content-Length) and returns its status. */
    private static int status(InputStream in) throws IOException {
        String statusLine = BadInputRawHttp.line(in);
        int length = 0;
        for (String line = BadInputRawHttp.line(in); !line.isEmpty(); line = BadInputRawHttp.line(in)) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }
}
