package dev.switchboard.bench.check;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link StreamResult} of every stream a {@link StreamChecker} heard of, with totals.
 *
 * @param streams every stream's result, in the order the checker first heard of the stream
 * @param <K>     the stream key type
 * @param <M>     the message id type
 */
public record StreamReport<K, M>(Map<K, StreamResult<M>> streams) {

    public StreamReport {
        streams = Collections.unmodifiableMap(new LinkedHashMap<>(streams));
    }

    public long sent() {
        return streams.values().stream().mapToLong(StreamResult::sent).sum();
    }

    public long received() {
        return streams.values().stream().mapToLong(StreamResult::received).sum();
    }

    public long lost() {
        return streams.values().stream().mapToLong(r -> r.lost().size()).sum();
    }

    public long duplicated() {
        return streams.values().stream().mapToLong(r -> r.duplicated().size()).sum();
    }

    public long outOfOrder() {
        return streams.values().stream().mapToLong(r -> r.outOfOrder().size()).sum();
    }

    public long unexpected() {
        return streams.values().stream().mapToLong(r -> r.unexpected().size()).sum();
    }

    /** Whether every stream is clean: no loss, copy, reordering or unexpected message anywhere. */
    public boolean isClean() {
        return streams.values().stream().allMatch(StreamResult::isClean);
    }

    /** The streams that are not clean, in the same order. */
    public Map<K, StreamResult<M>> problems() {
        Map<K, StreamResult<M>> problems = new LinkedHashMap<>();
        streams.forEach((key, result) -> {
            if (!result.isClean()) {
                problems.put(key, result);
            }
        });
        return problems;
    }

    /** For example {@code streams=1100 sent=52000 received=52000 lost=0 duplicated=0 out-of-order=0 unexpected=0}. */
    @Override
    public String toString() {
        return "streams=" + streams.size() + " sent=" + sent() + " received=" + received() + " lost=" + lost() + " duplicated="
                + duplicated() + " out-of-order=" + outOfOrder() + " unexpected=" + unexpected();
    }
}
