package dev.switchboard.media.record;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.wav.WavWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's recording: the ticker copies each 20 ms mix frame into a preallocated ring ({@link #offer}); the
 * engine's writer thread moves the ring to a WAV file ({@link #drain}). The ring is the bounded hand-off between
 * the two: the ticker never waits, and when the writer falls behind and the ring is full a frame is dropped and
 * counted ({@link #droppedFrames()}), never blocking the tick. Single producer (ticker), single consumer (writer);
 * pause, resume and stop may come from any thread.
 */
public final class CallRecorder {

    /** The states of a recording; only RECORDING takes frames. */
    public enum State {
        RECORDING, PAUSED, STOPPING, CLOSED
    }

    private static final int FRAME = G711Codec.FRAME_SAMPLES;

    private final Path path;
    private final WavWriter writer;
    private final short[] ring;
    private final int ringFrames;
    private final AtomicLong framesOffered = new AtomicLong();
    private final AtomicLong framesTaken = new AtomicLong();
    private final AtomicLong droppedFrames = new AtomicLong();
    private final CompletableFuture<Path> closed = new CompletableFuture<>();
    private volatile State state = State.RECORDING;

    /**
     * Opens (truncates) the file and writes a provisional header.
     *
     * @param ringFrames how many 20 ms frames the writer may lag behind before frames are dropped
     */
    public CallRecorder(Path path, int ringFrames) throws IOException {
        if (ringFrames < 2) {
            throw new IllegalArgumentException("A recording ring needs at least 2 frames: " + ringFrames);
        }
        this.path = path;
        this.ringFrames = ringFrames;
        this.ring = new short[ringFrames * FRAME];
        this.writer = new WavWriter(path);
    }

    public Path path() {
        return path;
    }

    public State state() {
        return state;
    }

    /** Ticker: whether this tick's mix should be offered. */
    public boolean wantsFrames() {
        return state == State.RECORDING;
    }

    /** Ticker: copies one 160-sample frame into the ring, or drops it if the writer is a whole ring behind. */
    public void offer(short[] frame) {
        long offered = framesOffered.get();
        if (offered - framesTaken.get() >= ringFrames) {
            droppedFrames.incrementAndGet();
            return;
        }
        System.arraycopy(frame, 0, ring, (int) (offered % ringFrames) * FRAME, FRAME);
        framesOffered.lazySet(offered + 1);
    }

    /**
     * Writer thread: writes every frame in the ring to the file; if the recording was stopped, then fixes the header
     * and closes it.
     *
     * @return whether the recording is now closed (and can be forgotten)
     */
    public boolean drain() {
        if (state == State.CLOSED) {
            return true;
        }
        boolean stopping = state == State.STOPPING;
        try {
            long taken = framesTaken.get();
            long offered = framesOffered.get();
            while (taken < offered) {
                int first = (int) (taken % ringFrames);
                int frames = (int) Math.min(offered - taken, ringFrames - first);
                writer.write(ring, first * FRAME, frames * FRAME);
                taken += frames;
                framesTaken.lazySet(taken);
            }
            if (stopping) {
                state = State.CLOSED;
                writer.close();
                closed.complete(path);
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            state = State.CLOSED;
            try {
                writer.close();
            } catch (IOException ignored) {
                // The first failure is the one reported.
            }
            closed.completeExceptionally(e);
            return true;
        }
    }

    /** Stops taking frames until {@link #resume()}; the file simply has no audio for the pause. */
    public synchronized void pause() {
        if (state == State.RECORDING) {
            state = State.PAUSED;
        }
    }

    public synchronized void resume() {
        if (state == State.PAUSED) {
            state = State.RECORDING;
        }
    }

    /**
     * Stops the recording; the writer thread writes what is left, fixes the header and closes the file.
     *
     * @return completed with the file's path once it is closed
     */
    public synchronized CompletableFuture<Path> stop() {
        if (state == State.RECORDING || state == State.PAUSED) {
            state = State.STOPPING;
        }
        return closed;
    }

    /** Completed with the path when the file is closed (or exceptionally if writing failed). */
    public CompletableFuture<Path> closedFuture() {
        return closed;
    }

    /** Frames written or waiting to be written. */
    public long framesRecorded() {
        return framesOffered.get();
    }

    public long droppedFrames() {
        return droppedFrames.get();
    }
}
