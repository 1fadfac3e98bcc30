package dev.switchboard.server.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.switchboard.core.command.Outcome;
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

    private static GwsException unavailable() {
        return new GwsException(StatusCodes.INTERNAL_ERROR, "Voice service is not available at this time", 503);
    }
}
