/**
 * The B2BUA legs: {@link dev.switchboard.sip.call.LegImpl} is one INVITE dialog's state machine;
 * {@link dev.switchboard.sip.call.InboundInvites} admits new INVITEs (trunk, digest-authenticated phone, or 403),
 * {@link dev.switchboard.sip.call.Dialer} sends ours, {@link dev.switchboard.sip.call.InDialogHandler} and
 * {@link dev.switchboard.sip.call.ResponseHandler} handle what comes back in the dialog.
 *
 * <p>Everything here runs on the single signalling thread ({@link dev.switchboard.sip.call.CallContext#signalling()}):
 * no locks. Refusals before a leg exists are sent without a server transaction, so floods leave no state; a leg's
 * dialog and transactions are JAIN-SIP's, with RFC 3261 timers (T1 for server transactions configurable so that
 * tests see them drain in seconds).
 *
 * <p>Behaviour worth knowing: a phone's re-INVITE or UPDATE is answered at once with our current SDP (sendonly while
 * we hold) and reported as {@code mediaChanged}; our own hold is a re-INVITE with {@code a=sendonly}; a request in
 * the dialog before the ACK of our 2xx counts as the ACK (the stack's threads may reorder them); RFC 4028 session
 * timers are honoured when the phone asks (we refresh by re-INVITE when named refresher, and hang up when an expected
 * refresh never comes), never imposed.
 */
package dev.switchboard.sip.call;
