package dev.switchboard.sip.support;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare UDP socket for hostile input: sends any bytes, reads whatever comes back within a bounded wait. */
public final class RawUdp implements AutoCloseable {

    private final DatagramSocket socket;
    private final int serverPort;

    public RawUdp(int serverPort) throws Exception {
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.socket.setReceiveBufferSize(1 << 20);
        this.serverPort = serverPort;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(String text) throws Exception {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), serverPort));
    }

    /** The next datagram as text, or null when none arrives within the wait. */
    public String receive(int timeoutMillis) throws Exception {
        socket.setSoTimeout(timeoutMillis);
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    /** The next response that is not 100 Trying, or null. */
    public String receiveFinal(int timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            String message = receive((int) Math.max(1, deadline - System.currentTimeMillis()));
            if (message == null) {
                return null;
            }
            if (!message.startsWith("SIP/2.0 100")) {
                return message;
            }
        }
        return null;
    }

    /** A request with the headers every SIP request needs, From this socket. */
    public String request(String method, String requestUri, String callId, String extraHeaders, String body) {
        String content = body == null ? "" : body;
        return method + " " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort() + ";branch=z9hG4bK" + Long.toHexString(System.nanoTime()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:raw@127.0.0.1:" + localPort() + ">;tag=raw1\r\n"
                + "To: <" + requestUri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:raw@127.0.0.1:" + localPort() + ">\r\n"
                + extraHeaders
                + "Content-Length: " + content.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + content;
    }

    @Override
    public void close() {
        socket.close();
    }
}
