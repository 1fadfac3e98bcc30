package dev.switchboard.bench.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Crafted streams: clean, loss, duplicates, reordering, unexpected messages and their combinations. */
class StreamCheckerTest {

    private static StreamResult<Integer> compare(List<Integer> sent, List<Integer> received) {
        return StreamChecker.compare(sent, received);
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void clean() {
        StreamResult<Integer> result = compare(oneTo(5), List.of(1, 2, 3, 4, 5));
        assertThat(result.isClean()).isTrue();
        assertThat(result).isEqualTo(new StreamResult<>(5, 5, List.of(), List.of(), List.of(), List.of()));
        assertThat(result.toString()).isEqualTo("sent=5 received=5 lost=0 duplicated=0 out-of-order=0 unexpected=0");
    }

    @Test
    void nothingSentNothingReceived() {
        assertThat(compare(List.of(), List.of()).isClean()).isTrue();
    }

    @Test
    void loss() {
        assertThat(compare(oneTo(5), List.of(1, 2, 4, 5)).lost()).containsExactly(3);
        assertThat(compare(oneTo(5), List.of(2, 3, 4, 5)).lost()).containsExactly(1);
        assertThat(compare(oneTo(5), List.of(1, 2, 3, 4)).lost()).containsExactly(5);
        StreamResult<Integer> none = compare(oneTo(3), List.of());
        assertThat(none.lost()).containsExactly(1, 2, 3);
        assertThat(none.outOfOrder()).isEmpty();
        // Loss alone never counts as reordering.
        StreamResult<Integer> gaps = compare(oneTo(6), List.of(1, 3, 6));
        assertThat(gaps.lost()).containsExactly(2, 4, 5);
        assertThat(gaps.outOfOrder()).isEmpty();
        assertThat(gaps.duplicated()).isEmpty();
    }

    @Test
    void duplicates() {
        assertThat(compare(oneTo(3), List.of(1, 1, 2, 3)).duplicated()).containsExactly(1);
        assertThat(compare(oneTo(3), List.of(1, 2, 3, 1)).duplicated()).containsExactly(1);
        // Three copies are two duplicates.
        StreamResult<Integer> thrice = compare(oneTo(3), List.of(1, 2, 2, 3, 2));
        assertThat(thrice.duplicated()).containsExactly(2, 2);
        assertThat(thrice.received()).isEqualTo(5);
        // A late copy is a duplicate, not a reordering: order counts first receipts only.
        assertThat(thrice.outOfOrder()).isEmpty();
        assertThat(thrice.lost()).isEmpty();
    }

    @Test
    void reorderingCountsTheFewestMessagesOutOfPlace() {
        // A swap of neighbours: one message out of order (either could be named; the checker names one).
        StreamResult<Integer> swap = compare(oneTo(4), List.of(1, 3, 2, 4));
        assertThat(swap.outOfOrder()).hasSize(1).isSubsetOf(2, 3);
        // One late message counts once, however far it moved.
        assertThat(compare(oneTo(5), List.of(2, 3, 4, 5, 1)).outOfOrder()).containsExactly(1);
        // One early message as well.
        assertThat(compare(oneTo(5), List.of(5, 1, 2, 3, 4)).outOfOrder()).containsExactly(5);
        // Fully reversed: all but one.
        assertThat(compare(oneTo(5), List.of(5, 4, 3, 2, 1)).outOfOrder()).hasSize(4);
        // Two independent swaps.
        assertThat(compare(oneTo(6), List.of(2, 1, 3, 5, 4, 6)).outOfOrder()).hasSize(2);
        // Nothing lost, copied or unexpected in any of these.
        StreamResult<Integer> reversed = compare(oneTo(5), List.of(5, 4, 3, 2, 1));
        assertThat(reversed.lost()).isEmpty();
        assertThat(reversed.duplicated()).isEmpty();
        assertThat(reversed.unexpected()).isEmpty();
        assertThat(reversed.isClean()).isFalse();
    }

    @Test
    void unexpectedMessages() {
        StreamResult<Integer> result = compare(oneTo(3), List.of(1, 99, 2, 3, 99));
        assertThat(result.unexpected()).containsExactly(99, 99);
        assertThat(result.duplicated()).isEmpty();
        assertThat(result.lost()).isEmpty();
        assertThat(result.outOfOrder()).isEmpty();
    }

    @Test
    void everythingAtOnce() {
        // Sent 1..8. Received: 4 lost; 2 copied twice; 7 early; 42 never sent.
        StreamResult<Integer> result = compare(oneTo(8), List.of(1, 7, 2, 3, 2, 42, 5, 6, 8, 2));
        assertThat(result.sent()).isEqualTo(8);
        assertThat(result.received()).isEqualTo(10);
        assertThat(result.lost()).containsExactly(4);
        assertThat(result.duplicated()).containsExactly(2, 2);
        assertThat(result.outOfOrder()).containsExactly(7);
        assertThat(result.unexpected()).containsExactly(42);
        assertThat(result.toString()).isEqualTo("sent=8 received=10 lost=1 duplicated=2 out-of-order=1 unexpected=1");
    }

    @Test
    void aDuplicateArrivingBeforeItsTurnIsStillOneReordering() {
        // 3 first arrives early, then again in place: the first receipt decides the order, the copy is a duplicate.
        StreamResult<Integer> result = compare(oneTo(4), List.of(3, 1, 2, 3, 4));
        assertThat(result.outOfOrder()).containsExactly(3);
        assertThat(result.duplicated()).containsExactly(3);
        assertThat(result.lost()).isEmpty();
    }

    @Test
    void refusesAServerAccountWithRepeatedIds() {
        assertThatThrownBy(() -> compare(List.of(1, 2, 1), List.of(1, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sent twice");
    }

    @Test
    void outOfOrderIsMinimalAndItsRemovalLeavesSendOrder() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(0, 30);
            List<Integer> sent = oneTo(n);
            List<Integer> received = new ArrayList<>(sent);
            // A few random moves, a few losses and a few copies.
            for (int k = random.nextInt(0, 4); k > 0 && !received.isEmpty(); k--) {
                Integer moved = received.remove(random.nextInt(received.size()));
                received.add(random.nextInt(0, received.size() + 1), moved);
            }
            for (int k = random.nextInt(0, 3); k > 0 && !received.isEmpty(); k--) {
                received.remove(random.nextInt(received.size()));
            }
            for (int k = random.nextInt(0, 3); k > 0 && !received.isEmpty(); k--) {
                received.add(random.nextInt(0, received.size() + 1), received.get(random.nextInt(received.size())));
            }
            StreamResult<Integer> result = compare(sent, received);

            List<Integer> firsts = new ArrayList<>();
            for (Integer id : received) {
                if (!firsts.contains(id)) {
                    firsts.add(id);
                }
            }
            assertThat(result.lost().size() + firsts.size()).isEqualTo(n);
            assertThat(result.duplicated().size() + firsts.size()).isEqualTo(received.size());
            // Minimal: the longest in-order subsequence, by the quadratic textbook method.
            assertThat(result.outOfOrder()).hasSize(firsts.size() - longestIncreasingQuadratic(firsts));
            // Removing the named ones leaves the rest in send order.
            List<Integer> kept = new ArrayList<>(firsts);
            kept.removeAll(result.outOfOrder());
            List<Integer> sorted = new ArrayList<>(kept);
            Collections.sort(sorted);
            assertThat(kept).isEqualTo(sorted);
        }
    }

    private static int longestIncreasingQuadratic(List<Integer> values) {
        int[] best = new int[values.size()];
        int longest = 0;
        for (int i = 0; i < values.size(); i++) {
            best[i] = 1;
            for (int j = 0; j < i; j++) {
                if (values.get(j) < values.get(i)) {
                    best[i] = Math.max(best[i], best[j] + 1);
                }
            }
            longest = Math.max(longest, best[i]);
        }
        return longest;
    }

    @Test
    void checkerKeepsStreamsApart() {
        StreamChecker<StreamKey, Long> checker = new StreamChecker<>();
        StreamKey agentCalls = new StreamKey("agent1", "/v2/me/calls");
        StreamKey agentDevices = new StreamKey("agent1", "/v2/me/devices");
        StreamKey supervisorCalls = new StreamKey("supervisor1", "/v2/me/calls");
        StreamKey stray = new StreamKey("agent2", "/v2/me/calls");
        for (long id = 1; id <= 3; id++) {
            checker.sent(agentCalls, id);
            checker.sent(agentDevices, id);
            checker.sent(supervisorCalls, id);
        }
        // The same ids on different streams are different messages.
        for (long id : new long[] {1, 2, 3}) {
            checker.received(agentCalls, id);
        }
        for (long id : new long[] {1, 3, 2}) {
            checker.received(agentDevices, id);
        }
        checker.received(supervisorCalls, 1L);
        checker.received(stray, 9L);

        StreamReport<StreamKey, Long> report = checker.check();
        assertThat(report.streams().keySet()).containsExactly(agentCalls, agentDevices, supervisorCalls, stray);
        assertThat(report.streams().get(agentCalls).isClean()).isTrue();
        assertThat(report.streams().get(agentDevices).outOfOrder()).hasSize(1);
        assertThat(report.streams().get(supervisorCalls).lost()).containsExactly(2L, 3L);
        // A stream only the client heard of: everything unexpected.
        assertThat(report.streams().get(stray).unexpected()).containsExactly(9L);
        assertThat(report.isClean()).isFalse();
        assertThat(report.problems().keySet()).containsExactly(agentDevices, supervisorCalls, stray);
        assertThat(report.toString()).isEqualTo("streams=4 sent=9 received=8 lost=2 duplicated=0 out-of-order=1 unexpected=1");
    }

    @Test
    void aCleanReport() {
        StreamChecker<String, String> checker = new StreamChecker<>();
        Map<String, List<String>> streams = new HashMap<>();
        streams.put("a", List.of("m1", "m2"));
        streams.put("b", List.of("m1"));
        streams.forEach((key, ids) -> ids.forEach(id -> checker.sent(key, id)));
        streams.forEach((key, ids) -> ids.forEach(id -> checker.received(key, id)));
        StreamReport<String, String> report = checker.check();
        assertThat(report.isClean()).isTrue();
        assertThat(report.problems()).isEmpty();
        assertThat(report.sent()).isEqualTo(3);
        assertThat(report.received()).isEqualTo(3);
        assertThat(new StreamChecker<String, String>().check().isClean()).isTrue();
    }

    @Test
    void longestIncreasingMarksOneLongestRun() {
        boolean[] marked = StreamChecker.longestIncreasing(new int[] {0, 4, 1, 2, 3});
        assertThat(marked).containsExactly(true, false, true, true, true);
        assertThat(StreamChecker.longestIncreasing(new int[0])).isEmpty();
    }
}
