package dev.switchboard.bench.check;

import java.util.List;

/**
 * What one stream got compared with what was sent on it (see {@link StreamChecker} for the definitions).
 *
 * @param sent        how many messages the server says it sent
 * @param received    how many messages the client received, copies and unexpected ones included
 * @param lost        the messages sent and never received, in send order
 * @param duplicated  every extra copy of a sent message beyond its first receipt, in receive order (a message received
 *                    three times appears twice)
 * @param outOfOrder  a smallest set of messages whose removal leaves the first receipts in send order, in receive order;
 *                    its size is exact, and when several such sets exist this is one of them
 * @param unexpected  every receipt of a message that was never sent on this stream, in receive order
 * @param <M>         the message id type
 */
public record StreamResult<M>(int sent, int received, List<M> lost, List<M> duplicated, List<M> outOfOrder, List<M> unexpected) {

    public StreamResult {
        lost = List.copyOf(lost);
        duplicated = List.copyOf(duplicated);
        outOfOrder = List.copyOf(outOfOrder);
        unexpected = List.copyOf(unexpected);
    }

    /** Whether every message sent arrived exactly once, in order, and nothing else arrived. */
    public boolean isClean() {
        return lost.isEmpty() && duplicated.isEmpty() && outOfOrder.isEmpty() && unexpected.isEmpty();
    }

    /** For example {@code sent=10 received=10 lost=0 duplicated=0 out-of-order=0 unexpected=0}. */
    @Override
    public String toString() {
        return "sent=" + sent + " received=" + received + " lost=" + lost.size() + " duplicated=" + duplicated.size()
                + " out-of-order=" + outOfOrder.size() + " unexpected=" + unexpected.size();
    }
}
