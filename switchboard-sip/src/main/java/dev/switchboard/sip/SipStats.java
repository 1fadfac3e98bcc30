package dev.switchboard.sip;

/**
 * A snapshot of what the SIP layer holds, for health checks and leak checks in tests: after every call and every
 * hostile message, dialogs, transactions, legs and pinned routes must drain back to zero.
 *
 * @param dialogs JAIN-SIP dialogs
 * @param serverTransactions JAIN-SIP server transactions
 * @param clientTransactions JAIN-SIP client transactions
 * @param legs live legs
 * @param pinnedRoutes calls with a pinned next hop
 * @param bindings live registrations over all AORs
 * @param handlerFailures exceptions caught while handling a SIP event (should stay 0: every input is answered or dropped)
 */
public record SipStats(int dialogs, int serverTransactions, int clientTransactions, int legs, int pinnedRoutes,
                       int bindings, long handlerFailures) {

    /** True when no call state is left: no dialog, transaction, leg or pinned route. */
    public boolean isIdle() {
        return dialogs == 0 && serverTransactions == 0 && clientTransactions == 0 && legs == 0 && pinnedRoutes == 0;
    }
}
