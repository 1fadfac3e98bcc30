package dev.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** Switchboard figure over baseline figure, printed like {@code 1.23×}, with the guards for zero and nonsense. */
class RatioTest {

    @Test
    void printsTwoDecimalsAndTheSign() {
        assertThat(Ratio.format(1.23, 1.0)).isEqualTo("1.23\u00d7");
        assertThat(Ratio.format(3.0, 2.0)).isEqualTo("1.50\u00d7");
        assertThat(Ratio.format(2_000_000, 1_000_000)).isEqualTo("2.00\u00d7");
        assertThat(Ratio.format(1, 3)).isEqualTo("0.33\u00d7");
        assertThat(Ratio.format(2, 3)).isEqualTo("0.67\u00d7");
        assertThat(Ratio.format(12345, 10)).isEqualTo("1234.50\u00d7");
        assertThat(Ratio.of(5, 4).toString()).isEqualTo("1.25\u00d7");
    }

    @Test
    void sameInEveryLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Ratio.format(1.5, 1)).isEqualTo("1.50\u00d7");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void guardsForZero() {
        assertThat(Ratio.format(1.5, 0)).isEqualTo("n/a");
        assertThat(Ratio.format(0, 0)).isEqualTo("n/a");
        assertThat(Ratio.format(0, 2)).isEqualTo("0.00\u00d7");
        assertThat(Ratio.format(-0.0, 2)).isEqualTo("0.00\u00d7");
        assertThat(Ratio.format(1.5, -0.0)).isEqualTo("n/a");
        assertThat(Ratio.of(1.5, 0).value()).isEmpty();
        // Tiny but not zero: not printed as if it were zero.
        assertThat(Ratio.format(1, 1_000)).isEqualTo("<0.01\u00d7");
        assertThat(Ratio.format(5, 1_000)).isEqualTo("0.01\u00d7");
    }

    @Test
    void guardsForNonsense() {
        assertThat(Ratio.format(Double.NaN, 1)).isEqualTo("n/a");
        assertThat(Ratio.format(1, Double.NaN)).isEqualTo("n/a");
        assertThat(Ratio.format(Double.POSITIVE_INFINITY, 1)).isEqualTo("n/a");
        assertThat(Ratio.format(1, Double.POSITIVE_INFINITY)).isEqualTo("n/a");
        assertThat(Ratio.format(-1, 1)).isEqualTo("n/a");
        assertThat(Ratio.format(1, -1)).isEqualTo("n/a");
    }

    @Test
    void valueAndTargets() {
        assertThat(Ratio.of(3, 2).value()).hasValue(1.5);
        assertThat(Ratio.of(3, 2).isAtMost(1.5)).isTrue();
        assertThat(Ratio.of(3.1, 2).isAtMost(1.5)).isFalse();
        assertThat(Ratio.of(3, 0).isAtMost(1.5)).isFalse();
    }
}
