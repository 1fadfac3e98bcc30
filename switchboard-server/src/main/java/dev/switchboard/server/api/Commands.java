package dev.switchboard.server.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.server.durable.Acknowledgements;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.StatusCodes;

/** Waits, bounded, for the switch to apply a command and turns a refusal into the GWS failure. */
public final class Commands {
    private static final long TIMEOUT_SECONDS = 10;

    private Commands() {
    }

    /**
     * Returns once the switch applied the command.
     *
     * @throws GwsException the refusal as a GWS failure, or statusCode 4 (503) when the switch did not answer in time
     */
    public static void await(CompletableFuture<Outcome> command) {
        Outcome outcome;
        try {
            outcome = command.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException | TimeoutException failed) {
            throw unavailable();
        }
        if (outcome instanceof Outcome.Refused refused) {
            throw GwsException.of(refused);
        }
    }

    /**
     * Returns once the switch applied the command and, when it must be, the journal has its change on disk: one wait
     * for both (see {@link Acknowledgements#pending}); then the caller confirms ({@link Acknowledgements.Pending#confirm}).
     *
     * @throws GwsException the refusal as a GWS failure, or statusCode 4 (503) when the switch did not answer in time;
     *                      a journal that did not answer in time is reported by {@code confirm}
     */
    public static void await(Acknowledgements.Pending pending) {
        Outcome outcome;
        try {
            outcome = pending.applied().get(pending.timeout(Duration.ofSeconds(TIMEOUT_SECONDS)).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (TimeoutException slow) {
            if (!pending.commandDone()) {
                throw unavailable();
            }
            // Applied, and a refusal would not have waited for the disk: accepted, not durable in time.
            pending.timedOut();
            return;
        } catch (ExecutionException failed) {
            throw unavailable();
        }
        if (outcome instanceof Outcome.Refused refused) {
            throw GwsException.of(refused);
        }
    }

    private static GwsException unavailable() {
        return new GwsException(StatusCodes.INTERNAL_ERROR, "Voice service is not available at this time", 503);
    }
}
