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
 * A frame leg in a room beside two RTP phones, in real time: the customer (440 Hz) and the agent (1000 Hz) send PCMU
 * over loopback, the supervisor's frame leg is fed 2000 Hz frames and its mix is read back, as a browser adapter does.
 * The Goertzel analysis proves who heard whom under listen-in, then coach, then with the frame leg muted: the mixer
 * treats a frame leg exactly like an RTP leg.
 */
class FrameLegMonitoringTest {

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
    private final TestPhone[] phones = new TestPhone[2];
    private MediaLeg browser;
    private final short[] browserSays = new short[FramePort.FRAME_SAMPLES];
    private final short[] browserHears = new short[FramePort.FRAME_SAMPLES];
    private short[] browserRecording = new short[0];
    private long browserSample;
    private ScheduledExecutorService clock;

    @BeforeEach
    void setUp() throws IOException {
        engine = MediaEngine.create(MediaConfig.defaults().withPorts(24300, 24399), MediaListener.NONE);
        engine.start();
        room = engine.openRoom("monitored-call");
        for (int i = 0; i < 2; i++) {
            phones[i] = new TestPhone(G711Codec.PCMU);
            MediaLeg leg = room.addLeg(NAMES[i]);
            phones[i].target(leg);
            leg.configure(LegMedia.of(G711Codec.PCMU, phones[i].address()));
        }
        browser = room.addFrameLeg(NAMES[SUPERVISOR]);
        assertThat(browser.slot()).isEqualTo(SUPERVISOR);
        assertThat(browser.localPort()).as("no port").isEqualTo(-1);
        clock = Executors.newSingleThreadScheduledExecutor();
        clock.scheduleAtFixedRate(() -> {
            try {
                for (int i = 0; i < 2; i++) {
                    phones[i].receiveAll();
                    phones[i].sendTone(TONES[i], 0.3);
                }
                browserTick();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** What the browser adapter does every 20 ms: one frame of its tone in, every frame of mix out. */
    private void browserTick() {
        for (int i = 0; i < browserSays.length; i++) {
            browserSays[i] = Goertzel.toneSample(TONES[SUPERVISOR], 0.3, browserSample++);
        }
        browser.frames().write(browserSays);
        while (browser.frames().read(browserHears)) {
            synchronized (this) {
                short[] grown = Arrays.copyOf(browserRecording, browserRecording.length + browserHears.length);
                System.arraycopy(browserHears, 0, grown, browserRecording.length, browserHears.length);
                browserRecording = grown;
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        clock.shutdownNow();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        engine.close();
        for (TestPhone phone : phones) {
            phone.close();
        }
        assertThat(engine.portsInUse()).isZero();
    }

    @Test
    void aFrameLegHearsAndIsHeardExactlyAsThePlanSays() {
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

        FramePort port = browser.frames();
        assertThat(port.framesMixed()).as("mix frames made").isPositive();
        assertThat(port.framesPlayed()).as("browser frames played").isPositive();
        assertThat(browser.stats().codec()).isEqualTo("L16");
        room.removeLeg(browser);
        assertThat(browser.isClosed()).isTrue();
        assertThat(room.legs()).hasSize(2);
    }

    /** Starts every recording afresh and waits until each has a phase's worth. */
    private void record() {
        for (TestPhone phone : phones) {
            phone.clearRecording();
        }
        synchronized (this) {
            browserRecording = new short[0];
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (TestPhone phone : phones) {
                if (phone.recordedSamples() < PHASE_SAMPLES) {
                    return false;
                }
            }
            return recording(SUPERVISOR).length >= PHASE_SAMPLES;
        });
    }

    private synchronized short[] recording(int party) {
        return party == SUPERVISOR ? browserRecording.clone() : phones[party].recording();
    }

    /** {@code listener} heard exactly {@code speakers}' tones: the others' (its own included) are absent. */
    private void assertHears(int listener, int... speakers) {
        short[] recording = recording(listener);
        for (int party = 0; party < 3; party++) {
            double[] levels = Goertzel.windows(recording, SKIP, TONES[party]);
            boolean shouldHear = contains(speakers, party);
            String what = NAMES[listener] + (shouldHear ? " hears " : " does not hear ") + NAMES[party] + ": " + Arrays.toString(levels);
            if (shouldHear) {
                assertThat(Goertzel.heard(levels)).as(what).isTrue();
            } else {
                assertThat(Goertzel.absent(levels)).as(what).isTrue();
            }
        }
    }

    private static boolean contains(int[] values, int value) {
        return Arrays.stream(values).anyMatch(candidate -> candidate == value);
    }
}
