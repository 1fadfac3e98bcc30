package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.codec.MuLaw;
import dev.switchboard.media.mix.MixPlan;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three tickers on a fake clock: rooms are spread over them as they open (the lightest ticker first), every room is
 * ticked exactly once per 20 ms step whichever ticker owns it, and the statistics add up over the tickers.
 */
class MultiTickerTest {

    private static final int TICKERS = 3;
    private static final int ROOMS = 6;

    private SteppedEngine stepped;
    private final List<MediaRoom> rooms = new ArrayList<>();
    private final List<TestPhone> phones = new ArrayList<>();
    private final List<MediaLeg> legs = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        stepped = new SteppedEngine(MediaConfig.defaults().withPorts(24500, 24599).withTickers(TICKERS), MediaListener.NONE);
        for (int r = 0; r < ROOMS; r++) {
            rooms.add(openCall("call-" + r));
        }
    }

    private MediaRoom openCall(String id) throws IOException {
        MediaRoom room = stepped.engine.openRoom(id);
        for (int p = 0; p < 2; p++) {
            TestPhone phone = new TestPhone(G711Codec.PCMU);
            MediaLeg leg = room.addLeg("party-" + p);
            phone.target(leg);
            leg.configure(LegMedia.of(G711Codec.PCMU, phone.address()));
            phones.add(phone);
            legs.add(leg);
        }
        room.setPlan(MixPlan.everyoneHearsEveryone(0, 1));
        return room;
    }

    @AfterEach
    void tearDown() throws IOException {
        stepped.close();
        for (TestPhone phone : phones) {
            phone.close();
        }
        assertThat(stepped.engine.portsInUse()).isZero();
    }

    @Test
    void roomsAreSpreadAndEachIsTickedOncePerPeriod() throws IOException {
        assertThat(stepped.engine.tickerThreads()).hasSize(TICKERS);
        assertThat(stepped.engine.roomsPerTicker()).containsExactly(2, 2, 2);

        for (int step = 1; step <= 5; step++) {
            for (int i = 0; i < phones.size(); i++) {
                phones.get(i).sendConstant((short) (100 * (i + 1)));
            }
            stepped.step();
            assertThat(stepped.engine.tickStats().ticks()).isEqualTo(step);
        }
        // Every tick of every ticker is below 20 ms in the cumulative counts (none is below 0 µs).
        assertThat(stepped.engine.tickCountsBelow(0, 20_000, 60_000)).containsExactly(0, 5L * TICKERS, 5L * TICKERS);
        for (MediaLeg leg : legs) {
            assertThat(leg.stats().rtpSent()).as("%s sent one frame per step", leg).isEqualTo(5);
            assertThat(leg.stats().rtpReceived()).as("%s received every packet", leg).isEqualTo(5);
        }
        // Each party hears the other party of its own room, whichever ticker the room is on.
        for (int i = 0; i < phones.size(); i++) {
            TestPhone phone = phones.get(i);
            int other = i ^ 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                phone.receiveAll();
                return phone.packetsReceived() == 5;
            });
            assertThat(phone.lastFrame()[0]).as("phone %d hears phone %d", i, other)
                    .isEqualTo(MuLaw.decode(MuLaw.encode((short) (100 * (other + 1)))));
        }

        // (Late ticks are not checked: the fake clock jumps 20 ms at once, so a ticker staggered into the period
        // sees its deadline up to two thirds of a period behind; DriftFreeTickerTest checks lateness with one.)
        stepped.clock.advanceMillis(1_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> stepped.engine.tickStats().ticks() == 6);
        assertThat(stepped.engine.tickStats().skippedTicks()).as("49 deadlines skipped by each ticker").isEqualTo(49L * TICKERS);
    }

    @Test
    void aNewRoomGoesToTheLightestTicker() throws IOException {
        // Opened in turn with their legs, rooms 0 and 3 are on ticker 0.
        rooms.get(0).close();
        rooms.get(3).close();
        assertThat(stepped.engine.roomsPerTicker()).containsExactly(0, 2, 2);
        openCall("late-call");
        assertThat(stepped.engine.roomsPerTicker()).containsExactly(1, 2, 2);
        MediaRoom filled = stepped.engine.openRoom("filled");
        assertThat(stepped.engine.roomsPerTicker()).as("ticker 0 still has the fewest legs").containsExactly(2, 2, 2);
        filled.addLeg("a");
        filled.addLeg("b");
        stepped.engine.openRoom("empty-a");
        assertThat(stepped.engine.roomsPerTicker()).as("equal legs and rooms: the first").containsExactly(3, 2, 2);
        stepped.engine.openRoom("empty-b");
        assertThat(stepped.engine.roomsPerTicker()).as("equal legs: the fewest rooms").containsExactly(3, 3, 2);
    }
}
