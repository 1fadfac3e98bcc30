package dev.switchboard.server.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a counted statistic counts over: today (since local midnight) or the last N minutes (a sliding window).
 *
 * @param minutes the window's length, or 0 for today
 */
public record Interval(int minutes) {
    /** The longest window: a day. */
    public static final int MAX_MINUTES = 24 * 60;
    public static final Interval TODAY = new Interval(0);
    private static final Pattern LAST = Pattern.compile("last\\s*(\\d{1,4})\\s*min(ute)?s?", Pattern.CASE_INSENSITIVE);

    public Interval {
        if (minutes < 0 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("an interval is 1 to " + MAX_MINUTES + " minutes, or today");
        }
    }

    public static Interval lastMinutes(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("an interval is 1 to " + MAX_MINUTES + " minutes, or today");
        }
        return new Interval(minutes);
    }

    /**
     * {@code Today} or {@code LastNMinutes} ({@code Last15Minutes}, {@code last 15 minutes}), case-insensitive.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Interval parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("today")) {
            return TODAY;
        }
        Matcher last = LAST.matcher(trimmed);
        if (last.matches()) {
            return lastMinutes(Integer.parseInt(last.group(1)));
        }
        throw new IllegalArgumentException("unknown interval '" + text + "': Today or LastNMinutes (N from 1 to " + MAX_MINUTES + ")");
    }

    public boolean isToday() {
        return minutes == 0;
    }

    /** Where the interval starts when it is {@code now} in {@code zone}. */
    public Instant start(Instant now, ZoneId zone) {
        return isToday() ? now.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant() : now.minus(Duration.ofMinutes(minutes));
    }

    /** As written on the wire: {@code Today} or {@code LastNMinutes}. */
    public String wireName() {
        return isToday() ? "Today" : "Last" + minutes + "Minutes";
    }

    @Override
    public String toString() {
        return wireName().toLowerCase(Locale.ROOT);
    }
}
