package dev.switchboard.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import org.eclipse.jetty.http.HttpFields;

/**
 * One HTTP/1.1 request written byte for byte on a socket, for the bad input the Jetty client will not send (it adds a
 * {@code Content-Type} to every request with a body). Bounded: connect and read time out after 10 seconds.
 */
final class BadInputRawHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MILLIS = 10_000;

    private BadInputRawHttp() {
    }

    /**
     * Sends {@code method path} with the given header lines (each {@code "Name: value"}) and body, adding only
     * {@code Host}, {@code Content-Length} and {@code Connection: close}; returns the reply.
     */
    static Reply send(String host, int port, String method, String path, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n").append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedEarly) {
                // The server may answer and close before it read everything (a head too large): read its answer.
                socket.shutdownOutput();
            }
            return parse(socket.getInputStream());
        } catch (IOException failed) {
            throw new IllegalStateException("Raw request failed: " + method + " " + path, failed);
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        HttpFields.Mutable headers = HttpFields.build();
        int length = -1;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                headers.add(name, value);
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                }
            }
        }
        byte[] content = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return new Reply(status, headers, body(content));
    }

    /** The JSON body; a body that is not JSON (a container's HTML error page) as a text node, for the assertions to show. */
    private static JsonNode body(byte[] content) {
        if (content.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(content);
        } catch (IOException notJson) {
            return TextNode.valueOf(new String(content, StandardCharsets.UTF_8));
        }
    }

    /** One line of a reply's head, without its CR LF. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Connection closed in the response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
