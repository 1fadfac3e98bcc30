package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on loopback, in real time: three phones (customer 440 Hz, agent 1000 Hz, supervisor 2000 Hz, 0.3 of
 * full scale, PCMU, 20 ms packets) talk to the engine; each records what it receives; a Goertzel analysis proves who
 * heard whom under listen-in, then coach, then barge-in. The supervisor always sends, so "nobody hears the
 * supervisor" is a real check.
 */
class LoopbackMonitoringTest {

    private static final double[] TONES = {440, 1000, 2000};
    private static final String[] NAMES = {"customer", "agent", "supervisor"};
    private static final int CUSTOMER = 0;
    private static final int AGENT = 1;
    private static final int SUPERVISOR = 2;
    /** Each phase: skip 0.5 s, then 2.5 s of analysis (10 windows of 250 ms). */
    private static final int SKIP = 4000;
    private static final int PHASE_SAMPLES = SKIP + 10 * 2000;

    private MediaEngine engine;
    private MediaRoom room;
    private final TestPhone[] phones = new TestPhone[3];
    private ScheduledExecutorService phoneClock;

    @BeforeEach
    void setUp() throws IOException {
        engine = MediaEngine.create(MediaConfig.defaults().withPorts(24200, 24299), MediaListener.NONE);
        engine.start();
        room = engine.openRoom("monitored-call");
        for (int i = 0; i < 3; i++) {
            phones[i] = new TestPhone(G711Codec.PCMU);
            MediaLeg leg = room.addLeg(NAMES[i]);
            phones[i].target(leg);
            leg.configure(LegMedia.of(G711Codec.PCMU, phones[i].address()));
        }
        phoneClock = Executors.newSingleThreadScheduledExecutor();
        phoneClock.scheduleAtFixedRate(() -> {
            try {
                for (int i = 0; i < 3; i++) {
                    phones[i].receiveAll();
                    phones[i].sendTone(TONES[i], 0.3);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        phoneClock.shutdownNow();
        phoneClock.awaitTermination(5, TimeUnit.SECONDS);
        engine.close();
        for (TestPhone phone : phones) {
            phone.close();
        }
        assertThat(engine.portsInUse()).isZero();
    }

    @Test
    void eachPartyHearsExactlyWhomThePlanSays() {
        room.setPlan(MixPlan.builder().hears(CUSTOMER, AGENT).hears(AGENT, CUSTOMER).hears(SUPERVISOR, CUSTOMER, AGENT).build());
        record();
        assertHears(CUSTOMER, AGENT);
        assertHears(AGENT, CUSTOMER);
        assertHears(SUPERVISOR, CUSTOMER, AGENT);

        room.setPlan(MixPlan.builder().hears(CUSTOMER, AGENT).hears(AGENT, CUSTOMER, SUPERVISOR).hears(SUPERVISOR, CUSTOMER, AGENT)
                .build());
        record();
        assertHears(CUSTOMER, AGENT);
        assertHears(AGENT, CUSTOMER, SUPERVISOR);
        assertHears(SUPERVISOR, CUSTOMER, AGENT);

        room.setPlan(MixPlan.everyoneHearsEveryone(CUSTOMER, AGENT, SUPERVISOR));
        record();
        assertHears(CUSTOMER, AGENT, SUPERVISOR);
        assertHears(AGENT, CUSTOMER, SUPERVISOR);
        assertHears(SUPERVISOR, CUSTOMER, AGENT);
    }

    /** Starts every phone's recording afresh and waits until each has a phase's worth. */
    private void record() {
        for (TestPhone phone : phones) {
            phone.clearRecording();
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (TestPhone phone : phones) {
                if (phone.recordedSamples() < PHASE_SAMPLES) {
                    return false;
                }
            }
            return true;
        });
    }

    /** {@code listener} heard exactly {@code speakers}' tones: the others' (its own included) are absent. */
    private void assertHears(int listener, int... speakers) {
        short[] recording = phones[listener].recording();
        for (int party = 0; party < 3; party++) {
            double[] levels = Goertzel.windows(recording, SKIP, TONES[party]);
            boolean shouldHear = contains(speakers, party);
            String what = NAMES[listener] + (shouldHear ? " hears " : " does not hear ") + NAMES[party] + ": "
                    + Arrays.toString(levels);
            System.out.printf("%s %s %s: %.1f..%.1f dBFS%n", NAMES[listener], shouldHear ? "hears" : "does not hear", NAMES[party],
                    Arrays.stream(levels).min().orElse(Double.NaN), Arrays.stream(levels).max().orElse(Double.NaN));
            if (shouldHear) {
                assertThat(Goertzel.heard(levels)).as(what).isTrue();
            } else {
                assertThat(Goertzel.absent(levels)).as(what).isTrue();
            }
        }
    }

    private static boolean contains(int[] values, int value) {
        for (int candidate : values) {
            if (candidate == value) {
                return true;
            }
        }
        return false;
    }
}
