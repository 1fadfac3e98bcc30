package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 20 ms path allocates nothing: 50 rooms × 3 legs spread over 3 tickers on real loopback sockets, every leg
 * sending and receiving, plus a frame leg in every room fed and read as a browser adapter does, coach plans with a
 * recording in every room, a DTMF string being sent; after warm-up every ticker thread's allocated bytes (HotSpot's
 * per-thread counter) must not move over 150 ticks, in one of three windows (a one-off is not the path; an allocation
 * on the path moves every window). This counts bytes; it times nothing.
 */
class TickAllocationTest {

    private static final int ROOMS = 50;
    private static final int TICKERS = 3;
    private static final int WARM_UP_TICKS = 150;
    private static final int MEASURED_TICKS = 150;
    private static final int MEASURED_ATTEMPTS = 3;
    private static final int WINDOW_TICKS = 50;
    private static final int MAX_WARM_UP_WINDOWS = 20;

    @TempDir
    Path dir;

    @Test
    void steadyStateTicksAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        List<TestPhone> phones = new ArrayList<>();
        List<FramePort> framePorts = new ArrayList<>();
        short[] frameIn = new short[FramePort.FRAME_SAMPLES];
        short[] frameOut = new short[FramePort.FRAME_SAMPLES];
        MediaEngine engine = MediaEngine.create(MediaConfig.defaults().withPorts(25000, 25999).withTickers(TICKERS),
                MediaListener.NONE);
        ScheduledExecutorService phoneClock = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int r = 0; r < ROOMS; r++) {
                MediaRoom room = engine.openRoom("call-" + r);
                for (int p = 0; p < 3; p++) {
                    TestPhone phone = new TestPhone(G711Codec.PCMU);
                    MediaLeg leg = room.addLeg("leg-" + p);
                    phone.target(leg);
                    leg.configure(LegMedia.of(G711Codec.PCMU, phone.address()));
                    phones.add(phone);
                }
                framePorts.add(room.addFrameLeg("browser").frames());
                room.setPlan(MixPlan.builder().hears(0, 1).hears(1, 0, 2, 3).hears(2, 0, 1).hears(3, 0, 1).records(0, 1).build());
                room.startRecording(dir.resolve("call-" + r + ".wav"));
            }
            phoneClock.scheduleAtFixedRate(() -> {
                try {
                    for (int i = 0; i < phones.size(); i++) {
                        phones.get(i).receiveAll();
                        phones.get(i).sendTone(400 + 10 * (i % 100), 0.2);
                    }
                    for (FramePort port : framePorts) {
                        port.write(frameIn);
                        while (port.read(frameOut)) {
                            frameIn[0] = frameOut[0];
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            engine.start();
            long[] tickers = engine.tickerThreads().stream().mapToLong(Thread::getId).toArray();
            assertThat(tickers).hasSize(TICKERS);
            assertThat(engine.roomsPerTicker()).as("rooms spread evenly").containsExactly(17, 17, 16);
            MediaLeg dialer = engine.rooms().get(0).legs().get(0);
            dialer.sendDtmf("1234567890*#ABCD");
            // Steady state: the JIT has settled once one window of ticks allocated nothing. A per-tick allocation
            // never gives such a window, so it fails here.
            awaitTicks(engine, WARM_UP_TICKS);
            List<Long> warmUpBytes = new ArrayList<>();
            long windowBytes = -1;
            for (int window = 0; window < MAX_WARM_UP_WINDOWS && windowBytes != 0; window++) {
                long start = allocated(threads, tickers);
                awaitTicks(engine, engine.tickStats().ticks() + WINDOW_TICKS);
                windowBytes = allocated(threads, tickers) - start;
                warmUpBytes.add(windowBytes);
            }
            System.out.printf("warm-up windows of %d ticks allocated %s bytes%n", WINDOW_TICKS, warmUpBytes);
            assertThat(windowBytes).as("no window of %d ticks without allocation in %s", WINDOW_TICKS, warmUpBytes).isZero();
            dialer.sendDtmf("#");

            // Measured up to three times: a one-off (a late JIT recompilation, a safepoint's bookkeeping on a loaded
            // machine) may cost one window some bytes, an allocation on the path costs every window.
            long[] perTicker = new long[TICKERS];
            long ticks = 0;
            List<String> attempts = new ArrayList<>();
            for (int attempt = 0; attempt < MEASURED_ATTEMPTS; attempt++) {
                long ticksBefore = engine.tickStats().ticks();
                long[] bytesBefore = threads.getThreadAllocatedBytes(tickers);
                awaitTicks(engine, ticksBefore + MEASURED_TICKS);
                long[] bytesAfter = threads.getThreadAllocatedBytes(tickers);
                ticks = engine.tickStats().ticks() - ticksBefore;
                for (int t = 0; t < TICKERS; t++) {
                    perTicker[t] = bytesAfter[t] - bytesBefore[t];
                }
                attempts.add(Arrays.toString(perTicker));
                if (Arrays.stream(perTicker).allMatch(bytes -> bytes == 0)) {
                    break;
                }
            }
            System.out.printf("tickers allocated %s bytes over windows of %d ticks (%d rooms, %d legs); %s%n", attempts, ticks,
                    ROOMS, phones.size(), engine.tickStats());
            assertThat(perTicker).as("bytes allocated by each ticker over %d ticks, in every window of %s", ticks, attempts)
                    .containsOnly(0L);
            long received = engine.rooms().stream().flatMap(room -> room.legs().stream()).mapToLong(leg -> leg.stats().rtpReceived())
                    .sum();
            assertThat(received).as("the engine really was receiving").isGreaterThan((long) phones.size() * MEASURED_TICKS / 2);
            long played = framePorts.stream().mapToLong(FramePort::framesPlayed).sum();
            assertThat(played).as("the frame legs really were played").isGreaterThan((long) ROOMS * MEASURED_TICKS / 2);
        } finally {
            phoneClock.shutdownNow();
            phoneClock.awaitTermination(5, TimeUnit.SECONDS);
            engine.close();
            for (TestPhone phone : phones) {
                phone.close();
            }
        }
    }

    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).sum();
    }

    private static void awaitTicks(MediaEngine engine, long ticks) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> engine.tickStats().ticks() >= ticks);
    }
}
