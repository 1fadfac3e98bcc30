package dev.switchboard.core.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The switch's single writer thread. */
class SwitchExecutorTest {
    private final SwitchExecutor executor = new SwitchExecutor("test");

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    @Test
    void assertOnSwitchThreadFailsOnAnyOtherThread() {
        assertThat(executor.isOnSwitchThread()).isFalse();
        assertThatThrownBy(executor::assertOnSwitchThread)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Thread.currentThread().getName());
    }

    @Test
    void assertOnSwitchThreadPassesOnTheSwitchThread() throws Exception {
        CompletableFuture<String> threadName = executor.submit(() -> {
            executor.assertOnSwitchThread();
            return Thread.currentThread().getName();
        });

        assertThat(threadName.get(10, TimeUnit.SECONDS)).isEqualTo("switch-test");
        assertThatThrownBy(executor::assertOnSwitchThread).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commandsRunInSubmissionOrder() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Integer>> results = IntStream.range(0, 1000)
                .mapToObj(i -> executor.submit(() -> {
                    ran.add(i);
                    return i;
                }))
                .toList();

        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(ran).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
    }

    @Test
    void aFailingCommandCompletesExceptionallyAndTheThreadGoesOn() throws Exception {
        CompletableFuture<Object> failed = executor.submit(() -> {
            throw new IllegalStateException("boom");
        });
        executor.execute(() -> {
            throw new IllegalStateException("boom again");
        });
        CompletableFuture<String> next = executor.submit(() -> "still running");

        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("still running");
        assertThatThrownBy(failed::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("boom");
    }

    @Test
    void submitAfterCloseCompletesWithRejection() {
        executor.close();

        CompletableFuture<String> late = executor.submit(() -> "never");

        assertThat(late).isCompletedExceptionally();
        assertThatThrownBy(late::join).hasCauseInstanceOf(RejectedExecutionException.class);
    }
}
