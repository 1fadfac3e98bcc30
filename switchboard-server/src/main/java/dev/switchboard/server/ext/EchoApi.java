package dev.switchboard.server.ext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;
import dev.switchboard.server.http.StatusCodes;
import dev.switchboard.server.journal.JournalException;
import dev.switchboard.server.journal.SyncedRecordFile;
import dev.switchboard.server.notify.NotificationPublisher;

/**
 * {@code POST /ext/v1/notifications/echo}: the bare price of a notification, and of a durable one, as this server pays
 * it now. Any logged-in user; body optional, {@code {"fdatasync": true}} to have the server first write a small record
 * into a file of its own in the data directory and force it (one fdatasync, as a journal batch of one record costs).
 * Then an {@code EchoMessage} goes to the caller's CometD sessions subscribed to {@code /v2/me/echo} (or a wildcard
 * that matches it), straight from the request's thread, and the reply says to how many ({@code sessions}).
 *
 * <p>A durable operation pays this and, on top, the switch and the journal; the benchmark times both side by side under
 * the same load, and a client developer can see what their own push path costs. Echoes with an fdatasync are one at a
 * time per server (the lock): a caller cannot make the disk do more than one of them at once.
 */
public final class EchoApi implements AutoCloseable {
    private final NotificationPublisher publisher;
    private final Path syncedFile;
    private final Object syncing = new Object();
    private SyncedRecordFile synced;
    private long echoes;

    /** @param syncedFile where the echoes with an fdatasync write, created at the first (and deleted at close) */
    public EchoApi(NotificationPublisher publisher, Path syncedFile) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.syncedFile = Objects.requireNonNull(syncedFile, "syncedFile");
    }

    /** Adds {@code notifications/echo} to the extension router. */
    public void register(Router router) {
        router.post("notifications/echo", this::echo);
    }

    private Map<String, Object> echo(ApiRequest request) {
        boolean fdatasync = fdatasync(request);
        if (fdatasync) {
            sync();
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageType", "EchoMessage");
        message.put("fdatasync", fdatasync);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("sessions", publisher.echo(request.user().id(), message));
        return reply;
    }

    private static boolean fdatasync(ApiRequest request) {
        if (request.http().getContentLengthLong() == 0) {
            return false;
        }
        JsonNode value = request.body().get("fdatasync");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw GwsException.invalid("Parameter 'fdatasync' must be true or false");
        }
        return value.booleanValue();
    }

    private void sync() {
        synchronized (syncing) {
            try {
                if (synced == null) {
                    // One a killed process left: the data directory is this server's alone while it runs.
                    Files.deleteIfExists(syncedFile);
                    synced = SyncedRecordFile.create(syncedFile);
                }
                synced.writeAndSync(++echoes);
            } catch (JournalException | IOException failed) {
                throw new GwsException(StatusCodes.INTERNAL_ERROR, "The echo could not write to the disk: " + failed.getMessage(), 503);
            }
        }
    }

    @Override
    public void close() {
        synchronized (syncing) {
            if (synced != null) {
                synced.close();
                synced = null;
            }
        }
    }
}
