package dev.switchboard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.switchboard.server.auth.LoginThrottle.Limit;
import dev.switchboard.server.auth.LoginThrottle.Refusal;
import dev.switchboard.server.auth.LoginThrottle.Settings;
import dev.switchboard.sip.auth.MutableClock;

/** The login throttle on a clock the test moves: exact delays, what counts, what resets, what is left alone. */
class LoginThrottleTest {
    private static final String ADDRESS = "192.0.2.7";
    private static final String OTHER_ADDRESS = "198.51.100.9";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(Settings.DEFAULTS, clock);

    /** An admitted attempt that fails; fails the test if it is refused. */
    private void fail(String user, String address) {
        assertThat(throttle.admit(user, address)).as("attempt for %s from %s", user, address).isEmpty();
        throttle.failed(user, address);
    }

    /** Fails as soon as admitted, then waits exactly until the throttle admits again: the delay it imposed. */
    private Duration failAndMeasureDelay(String user, String address) {
        fail(user, address);
        Optional<Refusal> refusal = throttle.admit(user, address);
        if (refusal.isEmpty()) {
            return Duration.ZERO;
        }
        Duration waited = Duration.ofSeconds(refusal.get().retryAfterSeconds());
        clock.advance(waited.minusMillis(1));
        assertThat(throttle.admit(user, address)).as("still refused a millisecond before the delay ends").isPresent();
        clock.advance(Duration.ofMillis(1));
        return waited;
    }

    @Test
    void delaysDoubleAfterTheFreeFailuresUpToTheMaximumThenTheLockout() {
        List<Long> delays = new ArrayList<>();
        for (int failure = 1; failure <= 22; failure++) {
            delays.add(failAndMeasureDelay("alice", ADDRESS).toSeconds());
        }
        assertThat(delays).containsExactly(0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L, 60L, 60L, 60L, 60L, 60L,
                300L, 300L, 300L);
    }

    @Test
    void theRefusalSaysWhoseLimitHowLongAndWhetherLockedOut() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofMillis(200));
        assertThat(throttle.admit("alice", ADDRESS)).contains(new Refusal(Limit.USER, 1, false));

        for (int i = 5; i < 20; i++) {
            clock.advance(Duration.ofMinutes(1));
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofSeconds(100));
        assertThat(throttle.admit("alice", ADDRESS)).contains(new Refusal(Limit.USER, 200, true));
    }

    @Test
    void refusedAttemptsAreNotFailuresAndDoNotPushTheDelay() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(throttle.admit("alice", ADDRESS)).isPresent();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(failAndMeasureDelay("alice", ADDRESS)).as("the sixth failure, not the 1006th").hasSeconds(2);
    }

    @Test
    void aGoodPasswordForgetsTheUsersFailures() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", ADDRESS)).isEmpty();
        throttle.succeeded("alice", ADDRESS);

        for (int i = 0; i < 4; i++) {
            assertThat(failAndMeasureDelay("alice", ADDRESS)).as("free again").isZero();
        }
        assertThat(failAndMeasureDelay("alice", ADDRESS)).hasSeconds(1);
    }

    @Test
    void anotherUserLogsInWhileOneIsThrottledFromTheSameAddressAndFromAnother() {
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofMinutes(1));
            fail("alice", ADDRESS);
        }
        assertThat(throttle.admit("alice", ADDRESS)).map(Refusal::limit).contains(Limit.USER);
        assertThat(throttle.admit("alice", OTHER_ADDRESS)).as("the user name is throttled, wherever from").isPresent();

        assertThat(throttle.admit("bob", ADDRESS)).isEmpty();
        throttle.succeeded("bob", ADDRESS);
        assertThat(throttle.admit("bob", OTHER_ADDRESS)).isEmpty();
        throttle.succeeded("bob", OTHER_ADDRESS);
    }

    @Test
    void anAddressGuessingManyUserNamesIsThrottledAfterItsOwnFreeFailures() {
        for (int i = 1; i <= 20; i++) {
            fail("user" + i, ADDRESS);
        }
        Optional<Refusal> refusal = throttle.admit("user21", ADDRESS);
        assertThat(refusal).contains(new Refusal(Limit.ADDRESS, 1, false));
        assertThat(throttle.admit("user21", OTHER_ADDRESS)).as("another address").isEmpty();
        throttle.succeeded("user21", OTHER_ADDRESS);

        clock.advance(Duration.ofSeconds(1));
        fail("user21", ADDRESS);
        assertThat(throttle.admit("user22", ADDRESS)).contains(new Refusal(Limit.ADDRESS, 2, false));
    }

    @Test
    void anAddressIsLockedOutAsManyFailuresLaterAsItsFreeFailuresAreMore() {
        LoginThrottle.Settings settings = Settings.DEFAULTS;
        for (int failure = 1; failure <= 35; failure++) {
            clock.advance(Duration.ofMinutes(10));
            fail("user" + failure, ADDRESS);
        }
        assertThat(throttle.delay(Limit.ADDRESS, 34)).hasSeconds(settings.maxDelaySeconds());
        assertThat(throttle.admit("another", ADDRESS)).contains(new Refusal(Limit.ADDRESS, 300, true));
    }

    @Test
    void aGoodLoginDoesNotResetTheAddressButReleasesItsHold() {
        for (int i = 1; i <= 20; i++) {
            fail("user" + i, ADDRESS);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("bob", ADDRESS)).isEmpty();
        // While bob's password is being checked, the address is held for the delay its next failure would cost.
        assertThat(throttle.admit("carol", ADDRESS)).contains(new Refusal(Limit.ADDRESS, 2, false));
        throttle.succeeded("bob", ADDRESS);

        assertThat(throttle.admit("carol", ADDRESS)).as("released").isEmpty();
        throttle.failed("carol", ADDRESS);
        assertThat(throttle.admit("dave", ADDRESS)).as("the address's count went on: 21 failures")
                .contains(new Refusal(Limit.ADDRESS, 2, false));
    }

    @Test
    void onlyOneAttemptAtATimePassesWhileAKeyIsInItsDelays() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", ADDRESS)).as("the first after the delay").isEmpty();
        assertThat(throttle.admit("alice", ADDRESS)).as("a second one at the same time").contains(new Refusal(Limit.USER, 2, false));
        throttle.failed("alice", ADDRESS);
        assertThat(throttle.admit("alice", ADDRESS)).contains(new Refusal(Limit.USER, 2, false));
    }

    @Test
    void anAbandonedCheckReleasesTheHoldWithoutCounting() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", ADDRESS)).isEmpty();
        throttle.abandoned("alice", ADDRESS);
        assertThat(failAndMeasureDelay("alice", ADDRESS)).as("the sixth failure").hasSeconds(2);
    }

    @Test
    void failuresAreForgottenAWindowAfterTheLastOne() {
        for (int i = 0; i < 4; i++) {
            fail("alice", ADDRESS);
        }
        clock.advance(Duration.ofSeconds(Settings.DEFAULTS.windowSeconds()).minusMillis(1));
        assertThat(failAndMeasureDelay("alice", ADDRESS)).as("the fifth, within the window").hasSeconds(1);

        clock.advance(Duration.ofSeconds(Settings.DEFAULTS.windowSeconds()));
        assertThat(failAndMeasureDelay("alice", ADDRESS)).as("counted from one again").isZero();
    }

    @Test
    void aLockoutLongerThanTheWindowIsNotCutShort() {
        LoginThrottle strict = new LoginThrottle(new Settings(true, 1, 1, 1, 2, 600, 60), clock);
        for (int i = 0; i < 2; i++) {
            assertThat(strict.admit("alice", ADDRESS)).isEmpty();
            strict.failed("alice", ADDRESS);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(300));
        assertThat(strict.admit("alice", ADDRESS)).map(Refusal::lockedOut).contains(true);
    }

    @Test
    void offAdmitsEverything() {
        LoginThrottle off = new LoginThrottle(Settings.OFF, clock);
        for (int i = 0; i < 100; i++) {
            assertThat(off.admit("alice", ADDRESS)).isEmpty();
            off.failed("alice", ADDRESS);
        }
        assertThat(off.keys()).isZero();
    }

    @Test
    void withoutAnAddressOnlyTheUserNameCounts() {
        for (int i = 0; i < 5; i++) {
            fail("alice", null);
        }
        assertThat(throttle.admit("alice", null)).map(Refusal::limit).contains(Limit.USER);
        assertThat(throttle.admit("bob", null)).isEmpty();
    }

    @Test
    void aFloodOfInventedNamesDoesNotPushOutAThrottledKey() {
        for (int i = 0; i < 5; i++) {
            fail("alice", ADDRESS);
        }
        for (int i = 0; i < LoginThrottle.MAX_KEYS + 10; i++) {
            String address = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            fail("invented" + i, address);
        }
        assertThat(throttle.keys()).isLessThanOrEqualTo(2 * LoginThrottle.MAX_KEYS);
        assertThat(throttle.admit("alice", OTHER_ADDRESS)).map(Refusal::limit).contains(Limit.USER);
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new Settings(true, 0, 20, 60, 20, 300, 900)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(true, 5, 20, 0, 20, 300, 900)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(true, 5, 20, 60, 4, 300, 900)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() {
        assertThat(Logins.addressKey("[2001:db8:1:2:aaaa:bbbb:cccc:dddd]")).isEqualTo(Logins.addressKey("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(Logins.addressKey("2001:db8:1:3::1")).isNotEqualTo(Logins.addressKey("2001:db8:1:2::1"));
        assertThat(Logins.addressKey("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(Logins.addressKey(null)).isNull();
    }
}
