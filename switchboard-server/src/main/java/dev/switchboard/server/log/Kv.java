package dev.switchboard.server.log;

import java.util.regex.Pattern;

/**
 * Values for key=value log lines: plain when they are one safe token, otherwise quoted with {@code "} and {@code \}
 * escaped and control characters written as {@code \\uXXXX}, so that what a client sent (a user name, a path) can
 * neither break a line nor forge a key.
 */
public final class Kv {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/{}@+*,\\[\\]-]{1,200}");
    private static final int MAX = 200;

    private Kv() {
    }

    public static String value(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX) + 2).append('"');
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        if (text.length() > MAX) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }
}
