package dev.switchboard.sip.call;

import java.util.Locale;

/** SIP INFO bodies for DTMF: {@code application/dtmf-relay} ({@code Signal=5}) and {@code application/dtmf} ({@code 5}). */
final class DtmfInfo {

    static final String RELAY_SUBTYPE = "dtmf-relay";
    private static final String DIGITS = "0123456789*#ABCD";

    private DtmfInfo() {
    }

    /** The digit an INFO body carries, or null when it carries none we understand. */
    static String digitOf(String subtype, String body) {
        if (body == null || subtype == null) {
            return null;
        }
        String type = subtype.toLowerCase(Locale.ROOT);
        String candidate = null;
        if (RELAY_SUBTYPE.equals(type)) {
            for (String line : body.split("\r?\n")) {
                int equals = line.indexOf('=');
                if (equals > 0 && line.substring(0, equals).trim().equalsIgnoreCase("Signal")) {
                    candidate = line.substring(equals + 1).trim();
                }
            }
        } else if ("dtmf".equals(type)) {
            candidate = body.trim();
        }
        if (candidate == null || candidate.isEmpty()) {
            return null;
        }
        if ("10".equals(candidate)) {
            return "*";
        }
        if ("11".equals(candidate)) {
            return "#";
        }
        String digit = candidate.substring(0, 1).toUpperCase(Locale.ROOT);
        return candidate.length() == 1 && DIGITS.contains(digit) ? digit : null;
    }

    static boolean isDigit(char c) {
        return DIGITS.indexOf(Character.toUpperCase(c)) >= 0;
    }

    static String relayBody(char digit) {
        return "Signal=" + Character.toUpperCase(digit) + "\r\nDuration=160\r\n";
    }
}
