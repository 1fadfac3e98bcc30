package dev.switchboard.bench.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks notification streams: per stream (a key such as {@link StreamKey}), what the server says it sent, in send
 * order, against what the client received, in receive order. Message ids ({@code M}) identify a message within its
 * stream (a sequence number, a message id) and must be unique there among the messages sent.
 *
 * <p>Definitions, each exact:
 * <ul>
 *   <li><b>lost</b>: sent and never received;</li>
 *   <li><b>duplicated</b>: every receipt of a sent message after its first;</li>
 *   <li><b>out of order</b>: considering only the first receipt of each sent message, the fewest messages that must be
 *       taken out for the rest to be in send order (receipts minus the longest subsequence in send order). Lost
 *       messages do not make others out of order: 1, 3, 4 for 1, 2, 3, 4 is in order with 2 lost. One early or late
 *       message counts once, however far it moved: 2, 3, 4, 5, 1 has one out of order (1);</li>
 *   <li><b>unexpected</b>: every receipt of a message never sent on that stream.</li>
 * </ul>
 * A stream is clean when all four are empty. A stream only the client heard of has everything unexpected; one only the
 * server spoke of has everything lost.
 *
 * <p>Thread-safe: client callback threads may record receipts while the server's account is added.
 *
 * @param <K> the stream key type
 * @param <M> the message id type
 */
public final class StreamChecker<K, M> {
    private final Map<K, List<M>> sent = new LinkedHashMap<>();
    private final Map<K, List<M>> received = new LinkedHashMap<>();
    private final Set<K> streams = new LinkedHashSet<>();

    /** The server sent {@code message} on {@code stream} (call in send order). */
    public synchronized void sent(K stream, M message) {
        streams.add(stream);
        sent.computeIfAbsent(stream, k -> new ArrayList<>()).add(message);
    }

    /** The client received {@code message} on {@code stream} (call in receive order). */
    public synchronized void received(K stream, M message) {
        streams.add(stream);
        received.computeIfAbsent(stream, k -> new ArrayList<>()).add(message);
    }

    /** Compares every stream heard of so far. */
    public synchronized StreamReport<K, M> check() {
        Map<K, StreamResult<M>> results = new LinkedHashMap<>();
        for (K stream : streams) {
            results.put(stream, compare(sent.getOrDefault(stream, List.of()), received.getOrDefault(stream, List.of())));
        }
        return new StreamReport<>(results);
    }

    /**
     * Compares one stream: {@code sent} in send order with {@code received} in receive order.
     *
     * @throws IllegalArgumentException when {@code sent} holds an id twice
     */
    public static <M> StreamResult<M> compare(List<M> sent, List<M> received) {
        Map<M, Integer> sendPosition = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            if (sendPosition.putIfAbsent(sent.get(i), i) != null) {
                throw new IllegalArgumentException("Message " + sent.get(i) + " was sent twice on one stream: ids must be unique");
            }
        }
        List<M> duplicated = new ArrayList<>();
        List<M> unexpected = new ArrayList<>();
        List<M> firsts = new ArrayList<>();
        Set<M> seen = new HashSet<>();
        for (M message : received) {
            if (!sendPosition.containsKey(message)) {
                unexpected.add(message);
            } else if (!seen.add(message)) {
                duplicated.add(message);
            } else {
                firsts.add(message);
            }
        }
        List<M> lost = new ArrayList<>();
        for (M message : sent) {
            if (!seen.contains(message)) {
                lost.add(message);
            }
        }
        int[] positions = new int[firsts.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = sendPosition.get(firsts.get(i));
        }
        boolean[] inOrder = longestIncreasing(positions);
        List<M> outOfOrder = new ArrayList<>();
        for (int i = 0; i < positions.length; i++) {
            if (!inOrder[i]) {
                outOfOrder.add(firsts.get(i));
            }
        }
        return new StreamResult<>(sent.size(), received.size(), lost, duplicated, outOfOrder, unexpected);
    }

    /**
     * Marks one longest strictly increasing subsequence of {@code values} (distinct), in O(n log n): patience sorting
     * with back links, the subsequence read back from the end of the longest pile.
     */
    static boolean[] longestIncreasing(int[] values) {
        int n = values.length;
        boolean[] marked = new boolean[n];
        if (n == 0) {
            return marked;
        }
        // tails[len - 1]: the index of the smallest value that ends an increasing subsequence of length len.
        int[] tails = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int low = 0;
            int high = length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (values[tails[mid]] < values[i]) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            previous[i] = low > 0 ? tails[low - 1] : -1;
            tails[low] = i;
            if (low == length) {
                length++;
            }
        }
        for (int i = tails[length - 1]; i >= 0; i = previous[i]) {
            marked[i] = true;
        }
        return marked;
    }

    @Override
    public synchronized String toString() {
        return "StreamChecker[streams=" + streams.size() + ", sent=" + sent.values().stream().mapToLong(List::size).sum()
                + ", received=" + received.values().stream().mapToLong(List::size).sum() + "]";
    }
}
