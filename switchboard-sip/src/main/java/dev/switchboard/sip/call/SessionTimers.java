package dev.switchboard.sip.call;

import dev.switchboard.sip.LegState;
import dev.switchboard.sip.ReleaseCause;
import dev.switchboard.sip.stack.SipMessages;
import java.text.ParseException;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * RFC 4028 on a leg: accept the phone's Session-Expires (422 below our Min-SE), name the refresher in our 2xx,
 * refresh by re-INVITE when we are it, and hang up when a refresh we expect never comes.
 * Switchboard never asks for a session timer itself; it only honours one. Signalling thread.
 */
final class SessionTimers {

    /** RFC 4028 §6: 422 Session Interval Too Small. */
    static final int SESSION_INTERVAL_TOO_SMALL = 422;

    private SessionTimers() {
    }

    /** The Session-Expires interval of a message, or -1 when absent or malformed. */
    static int interval(Message message) {
        String value = SipMessages.value(message, "Session-Expires");
        if (value == null) {
            // "x" is the compact form of Session-Expires (RFC 4028 §4).
            value = SipMessages.value(message, "x");
        }
        if (value == null) {
            return -1;
        }
        String number = value.split(";", 2)[0].trim();
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The refresher parameter ({@code uac}/{@code uas}), or null. */
    static String refresher(Message message) {
        String value = SipMessages.value(message, "Session-Expires");
        if (value == null) {
            return null;
        }
        for (String part : value.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("refresher")) {
                return pair[1].trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    static boolean supportsTimer(Message message) {
        for (String name : new String[] {"Supported", "k"}) {
            ListIterator<?> headers = message.getHeaders(name);
            while (headers.hasNext()) {
                if (headers.next().toString().toLowerCase(Locale.ROOT).matches("(?s).*\\btimer\\b.*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Adds our Session-Expires to a 2xx answering the phone's INVITE, re-INVITE or UPDATE, and (re)starts the timer. */
    static void onAnswer(LegImpl leg, Request request, Response response) throws ParseException {
        int seconds = interval(request);
        if (seconds <= 0) {
            return;
        }
        seconds = Math.max(seconds, leg.ctx.config().minSessionExpires());
        String refresher = refresher(request);
        if (refresher == null) {
            refresher = supportsTimer(request) ? "uac" : "uas";
        }
        SipMessages messages = leg.ctx.messages();
        response.setHeader(messages.header("Session-Expires", seconds + ";refresher=" + refresher));
        if ("uac".equals(refresher)) {
            response.setHeader(messages.header("Require", "timer"));
        }
        start(leg, seconds, "uas".equals(refresher));
    }

    /** Adds Session-Expires to our own re-INVITE while a session timer runs: we refresh it as the UAC. */
    static void onReInvite(LegImpl leg, Request request) throws ParseException {
        if (!leg.sessionTimer.isActive()) {
            return;
        }
        SipMessages messages = leg.ctx.messages();
        request.setHeader(messages.header("Session-Expires", leg.sessionTimer.intervalSeconds() + ";refresher=uac"));
        request.setHeader(messages.header("Supported", "timer"));
    }

    /** Reads the Session-Expires of a 2xx to one of our INVITEs: we are the UAC there. */
    static void onAnswered(LegImpl leg, Response response) {
        int seconds = interval(response);
        if (seconds > 0) {
            start(leg, seconds, !"uas".equals(refresher(response)));
        }
    }

    private static void start(LegImpl leg, int seconds, boolean weRefresh) {
        leg.sessionTimer.start(seconds, weRefresh, () -> refreshDue(leg), () -> expired(leg));
    }

    private static void refreshDue(LegImpl leg) {
        if (leg.currentState() != LegState.CONNECTED) {
            return;
        }
        if (leg.pending != null || leg.awaitingAck) {
            // Another re-INVITE is in flight and will refresh the session anyway; look again shortly.
            start(leg, leg.sessionTimer.intervalSeconds(), true);
            return;
        }
        leg.pending = LegImpl.Pending.REFRESH;
        leg.signalling.reInvite(leg.sdp.lastBody());
    }

    private static void expired(LegImpl leg) {
        if (leg.currentState() == LegState.CONNECTED) {
            leg.signalling.bye();
            leg.end(ReleaseCause.TIMEOUT, 0);
        }
    }
}
