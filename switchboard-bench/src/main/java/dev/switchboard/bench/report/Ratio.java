package dev.switchboard.bench.report;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A Switchboard figure over the baseline's figure measured in the same run, printed like {@code 1.23×}: how many times
 * the baseline's latency (or throughput) Switchboard's is. Ratios survive a noisy machine better than raw figures.
 *
 * <p>Guards: the ratio is undefined, and printed {@code n/a}, when either figure is negative, NaN or infinite, or the
 * baseline is 0 (0 / 0 included). Otherwise it is printed with two decimals (rounded half up, {@code .} as the decimal
 * separator in every locale) and {@code ×}; a ratio above 0 that would print as {@code 0.00×} prints as
 * {@code <0.01×}, so that only a Switchboard figure of exactly 0 prints as {@code 0.00×}.
 */
public record Ratio(double switchboard, double baseline) {

    /** The multiplication sign printed after the number. */
    public static final String TIMES = "\u00d7";

    /** The ratio of {@code switchboard} to {@code baseline}. */
    public static Ratio of(double switchboard, double baseline) {
        return new Ratio(switchboard, baseline);
    }

    /** {@code Ratio.of(switchboard, baseline).format()}. */
    public static String format(double switchboard, double baseline) {
        return of(switchboard, baseline).format();
    }

    /** switchboard / baseline, or empty when undefined (see the guards above). */
    public OptionalDouble value() {
        if (!usable(switchboard) || !usable(baseline) || baseline == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(switchboard / baseline);
    }

    /** Whether the ratio is defined and at most {@code limit} (a target such as 1.5); false when undefined. */
    public boolean isAtMost(double limit) {
        OptionalDouble value = value();
        return value.isPresent() && value.getAsDouble() <= limit;
    }

    /** For example {@code 1.23×}, {@code <0.01×} or {@code n/a}. */
    public String format() {
        OptionalDouble value = value();
        if (value.isEmpty()) {
            return "n/a";
        }
        double ratio = value.getAsDouble() + 0.0; // -0.0 (a figure of -0.0) prints as 0.00, not -0.00
        if (ratio > 0 && ratio < 0.005) {
            return "<0.01" + TIMES;
        }
        return String.format(Locale.ROOT, "%.2f", ratio) + TIMES;
    }

    @Override
    public String toString() {
        return format();
    }

    private static boolean usable(double figure) {
        return Double.isFinite(figure) && figure >= 0;
    }
}
