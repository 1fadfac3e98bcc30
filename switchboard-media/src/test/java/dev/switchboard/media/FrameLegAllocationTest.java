package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.mix.MixPlan;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Frame legs alone (no socket in the way): 50 rooms × 3 frame legs on one ticker, each fed a frame and read out every
 * 20 ms by another thread as a browser adapter does (now and then none, or two), coach plans, a DTMF digit now and then
 * (played in-band into the frame leg's mix); after warm-up the ticker
 * thread allocates nothing over 150 ticks (in one of three tries, see why below).
 * {@code TickAllocationTest} measures frame legs beside RTP legs.
 */
class FrameLegAllocationTest {

    private static final int ROOMS = 50;
    private static final int MEASURED_TICKS = 150;

    @Test
    void frameLegTicksAllocateNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        MediaEngine engine = MediaEngine.create(MediaConfig.defaults().withPorts(25000, 25999).withTickers(1), MediaListener.NONE);
        ScheduledExecutorService adapter = Executors.newSingleThreadScheduledExecutor();
        List<FramePort> ports = new ArrayList<>();
        List<MediaLeg> legs = new ArrayList<>();
        short[] in = new short[FramePort.FRAME_SAMPLES];
        short[] out = new short[FramePort.FRAME_SAMPLES];
        try {
            for (int r = 0; r < ROOMS; r++) {
                MediaRoom room = engine.openRoom("call-" + r);
                for (int p = 0; p < 3; p++) {
                    MediaLeg leg = room.addFrameLeg("leg-" + p);
                    legs.add(leg);
                    ports.add(leg.frames());
                }
                room.setPlan(MixPlan.builder().hears(0, 1).hears(1, 0, 2).hears(2, 0, 1).build());
            }
            long[] period = new long[1];
            adapter.scheduleAtFixedRate(() -> {
                // Now and then no frame (the ticker plays silence) or two (a burst): both paths are warm before measuring.
                long now = period[0]++;
                int writes = now % 7 == 3 ? 0 : now % 11 == 5 ? 2 : 1;
                if (now % 13 == 0) {
                    legs.get((int) (now / 13 % legs.size())).sendDtmf("5#");
                }
                for (FramePort port : ports) {
                    in[0]++;
                    for (int w = 0; w < writes; w++) {
                        port.write(in);
                    }
                    while (port.read(out)) {
                        in[1] = out[1];
                    }
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            engine.start();
            long ticker = engine.tickerThreads().get(0).getId();
            // Warm-up: until a window of 50 ticks allocates nothing (the JIT has settled), at most 20 windows.
            long window = -1;
            for (int i = 0; i < 20 && window != 0; i++) {
                long start = threads.getThreadAllocatedBytes(ticker);
                awaitTicks(engine, engine.tickStats().ticks() + 50);
                window = threads.getThreadAllocatedBytes(ticker) - start;
            }
            // A per-tick allocation allocates in every window; a rare JIT event (a deoptimisation on a branch first
            // taken now) may allocate once. So: one of three windows of 150 ticks must allocate nothing.
            List<Long> measured = new ArrayList<>();
            for (int attempt = 0; attempt < 3 && (measured.isEmpty() || measured.get(measured.size() - 1) != 0); attempt++) {
                long before = threads.getThreadAllocatedBytes(ticker);
                awaitTicks(engine, engine.tickStats().ticks() + MEASURED_TICKS);
                measured.add(threads.getThreadAllocatedBytes(ticker) - before);
            }
            System.out.printf("frame-leg ticker allocated %s bytes in windows of %d ticks; %s%n", measured, MEASURED_TICKS,
                    engine.tickStats());
            assertThat(measured).as("bytes allocated by the ticker per window of %d ticks", MEASURED_TICKS).contains(0L);
            assertThat(ports.stream().mapToLong(FramePort::framesMixed).min().orElse(0)).as("every leg mixed")
                    .isGreaterThan(MEASURED_TICKS);
        } finally {
            adapter.shutdownNow();
            adapter.awaitTermination(5, TimeUnit.SECONDS);
            engine.close();
        }
    }

    private static void awaitTicks(MediaEngine engine, long ticks) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> engine.tickStats().ticks() >= ticks);
    }
}
