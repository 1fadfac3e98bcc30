package dev.switchboard.media.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * What one loopback datagram costs on this machine, measured before the steps: a non-blocking receive that finds
 * nothing, and a 172-byte send plus the receive that takes it. The ticker does, per leg and tick, one send, one
 * receive and one empty receive, so these three bound how many legs one thread can serve in 20 ms.
 */
final class SocketCalibration {

    private static final int ROUNDS = 20_000;

    private SocketCalibration() {
    }

    /** Returns {emptyReceiveMicros, sendMicros, receiveMicros}. */
    static double[] measure(String host) throws IOException {
        try (DatagramChannel sender = open(host); DatagramChannel receiver = open(host)) {
            InetSocketAddress target = (InetSocketAddress) receiver.getLocalAddress();
            ByteBuffer packet = ByteBuffer.allocate(172);
            ByteBuffer buffer = ByteBuffer.allocate(1500);
            double[] result = new double[3];
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                for (int i = 0; i < ROUNDS; i++) {
                    buffer.clear();
                    receiver.receive(buffer);
                }
                long sendNanos = 0;
                long receiveNanos = 0;
                long middle = System.nanoTime();
                for (int i = 0; i < ROUNDS; i++) {
                    packet.clear();
                    long before = System.nanoTime();
                    sender.send(packet, target);
                    long sent = System.nanoTime();
                    buffer.clear();
                    receiver.receive(buffer);
                    receiveNanos += System.nanoTime() - sent;
                    sendNanos += sent - before;
                }
                result[0] = (middle - start) / 1000.0 / ROUNDS;
                result[1] = sendNanos / 1000.0 / ROUNDS;
                result[2] = receiveNanos / 1000.0 / ROUNDS;
            }
            return result;
        }
    }

    private static DatagramChannel open(String host) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(host, 0));
        return channel;
    }
}
