package dev.switchboard.server.ext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import dev.switchboard.core.command.Outcome;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Json;
import dev.switchboard.server.http.Router;

/**
 * {@code GET /ext/v1/recordings} (administrators): the calls' recordings the phones wrote under the data directory,
 * oldest first, each with its call id, size and length. A recording is named {@code CALLID-yyyyMMdd-HHmmss.wav}.
 */
public final class RecordingsApi {
    /** 8 kHz, 16-bit mono PCM after a 44-byte header. */
    private static final int BYTES_PER_SECOND = 16_000;
    private static final int HEADER_BYTES = 44;

    private final Path directory;

    public RecordingsApi(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    public void register(Router router) {
        router.get("recordings", this::list);
    }

    private Map<String, Object> list(ApiRequest request) {
        ExtApi.requireAdmin(request, "The recordings are for administrators only");
        List<Map<String, Object>> recordings = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".wav")).sorted().toList()) {
                    recordings.add(describe(file));
                }
            } catch (IOException e) {
                throw GwsException.of(new Outcome.Refused(Outcome.Refusal.UNAVAILABLE, "The recordings cannot be listed: "
                        + e.getMessage()));
            }
        }
        Map<String, Object> body = Json.object();
        body.put("recordings", recordings);
        return body;
    }

    private static Map<String, Object> describe(Path file) throws IOException {
        String name = file.getFileName().toString();
        long bytes = Files.size(file);
        Map<String, Object> recording = Json.object();
        recording.put("name", name);
        // CALLID-yyyyMMdd-HHmmss.wav: the call id is what comes before the 16-character time.
        int end = name.length() - ".wav".length() - "-yyyyMMdd-HHmmss".length();
        recording.put("callId", end > 0 ? name.substring(0, end) : name);
        recording.put("bytes", bytes);
        recording.put("durationSeconds", Math.max(0, bytes - HEADER_BYTES) / (double) BYTES_PER_SECOND);
        recording.put("modified", Files.getLastModifiedTime(file).toInstant().toString());
        return recording;
    }
}
