package dev.switchboard.server.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One queue's or routing point's calls: those waiting now (since when), and those offered, answered and abandoned. */
final class PointTally {
    /** Calls not answered yet, by call id, in arrival order. */
    final Map<String, Instant> waiting = new LinkedHashMap<>();
    /** Calls that arrived. */
    final Timeline offered = new Timeline();
    /** Calls answered: when, and how long each waited. */
    final Timeline answered = new Timeline();
    /** Calls that ended unanswered. */
    final Timeline abandoned = new Timeline();

    void prune(Instant keepFrom) {
        offered.prune(keepFrom);
        answered.prune(keepFrom);
        abandoned.prune(keepFrom);
    }

    /** Since when the longest-waiting call waits, or {@code null}. */
    Instant oldest() {
        Instant oldest = null;
        for (Instant since : waiting.values()) {
            if (oldest == null || since.isBefore(oldest)) {
                oldest = since;
            }
        }
        return oldest;
    }
}
