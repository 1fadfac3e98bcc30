package dev.switchboard.media.bench;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.rtp.RtpHeader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The far ends of the benchmark: many loopback "phones", each a non-blocking DatagramChannel that sends one PCMU
 * packet of a tone every 20 ms to its engine leg and drains what the engine sends back. A few threads share them:
 * each wakes on absolute 20 ms deadlines and, for each of its phones, sends (and every 100 ms drains what came
 * back), reusing one packet buffer per phone (the sequence number and timestamp are rewritten in place).
 */
final class BenchPhones implements AutoCloseable {

    private static final long PERIOD_NANOS = 20_000_000L;
    private static final int FRAME = G711Codec.FRAME_SAMPLES;
    private static final int DRAIN_EVERY = 5;

    private final List<Phone> phones = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean running;

    /** One phone: its socket, the leg it talks to, its packet. */
    private static final class Phone {
        final DatagramChannel channel;
        final InetSocketAddress target;
        final ByteBuffer packet = ByteBuffer.allocateDirect(RtpHeader.FIXED_LENGTH + FRAME);
        final byte[] bytes = new byte[RtpHeader.FIXED_LENGTH + FRAME];
        int sequence;
        long timestamp;

        Phone(DatagramChannel channel, InetSocketAddress target, byte[] payload, int ssrc) {
            this.channel = channel;
            this.target = target;
            System.arraycopy(payload, 0, bytes, RtpHeader.FIXED_LENGTH, FRAME);
            RtpHeader.write(bytes, 0, false, 0, 0, 0, ssrc);
        }
    }

    /** Opens a phone on 127.0.0.1 that will talk to {@code legPort}; returns its address, for the leg's media. */
    InetSocketAddress add(String host, int legPort, double toneHz) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.bind(new InetSocketAddress(host, 0));
        short[] tone = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            tone[i] = (short) Math.round(0.3 * 32767 * Math.sin(2 * Math.PI * toneHz * i / G711Codec.SAMPLE_RATE));
        }
        byte[] payload = new byte[FRAME];
        G711Codec.PCMU.encode(tone, 0, payload, 0, FRAME);
        phones.add(new Phone(channel, new InetSocketAddress(host, legPort), payload, phones.size() + 1));
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Starts {@code threadCount} threads, each driving an equal share of the phones. */
    void start(int threadCount) {
        running = true;
        long origin = System.nanoTime();
        for (int t = 0; t < threadCount; t++) {
            List<Phone> share = new ArrayList<>();
            for (int i = t; i < phones.size(); i += threadCount) {
                share.add(phones.get(i));
            }
            Thread thread = new Thread(() -> drive(share, origin), "bench-phones-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void drive(List<Phone> share, long origin) {
        ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(1500);
        long deadline = origin;
        long period = 0;
        while (running) {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            long out = 0;
            // Draining every 5th period (100 ms, a few packets per socket) spares the load generator 40 % of its
            // syscalls, leaving more of the machine to the engine under test.
            boolean drain = period++ % DRAIN_EVERY == 0;
            for (Phone phone : share) {
                try {
                    while (drain) {
                        receiveBuffer.clear();
                        if (phone.channel.receive(receiveBuffer) == null) {
                            break;
                        }
                    }
                    byte[] bytes = phone.bytes;
                    bytes[2] = (byte) (phone.sequence >>> 8);
                    bytes[3] = (byte) phone.sequence;
                    int ts = (int) phone.timestamp;
                    bytes[4] = (byte) (ts >>> 24);
                    bytes[5] = (byte) (ts >>> 16);
                    bytes[6] = (byte) (ts >>> 8);
                    bytes[7] = (byte) ts;
                    phone.sequence = (phone.sequence + 1) & 0xFFFF;
                    phone.timestamp += FRAME;
                    phone.packet.clear();
                    phone.packet.put(bytes).flip();
                    if (phone.channel.send(phone.packet, phone.target) > 0) {
                        out++;
                    }
                } catch (IOException e) {
                    // A closed socket at the end of a step: nothing to count.
                }
            }
            sent.addAndGet(out);
            deadline += PERIOD_NANOS;
            // Never burst to catch up: a phone that stalled sends late, as a real one would.
            long now = System.nanoTime();
            if (now - deadline > PERIOD_NANOS) {
                deadline = now;
            }
        }
    }

    long sent() {
        return sent.get();
    }

    /** The phones' threads, to measure their CPU apart from the engine's. */
    List<Thread> threads() {
        return List.copyOf(threads);
    }

    int size() {
        return phones.size();
    }

    @Override
    public void close() throws IOException {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Phone phone : phones) {
            phone.channel.close();
        }
    }
}
