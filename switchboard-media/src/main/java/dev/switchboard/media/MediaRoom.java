package dev.switchboard.media;

import dev.switchboard.media.codec.G711Codec;
import dev.switchboard.media.mix.MixPlan;
import dev.switchboard.media.record.CallRecorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One call's media: its legs, each in a slot, the {@link MixPlan} that says who hears whom, and the call's
 * recording. Changes (legs, plan, recording) come from any thread and are published by volatile swaps of immutable
 * values, so its ticker reads a consistent room without locks and the next tick applies them.
 */
public final class MediaRoom {

    private final MediaEngine engine;
    private final String id;
    /** The ticker that ticks this room, for its whole life. */
    final TickerShard shard;

    /** Indexed by slot; copy-on-write under the engine's lock. */
    volatile MediaLeg[] legsBySlot;
    volatile MixPlan plan = MixPlan.SILENT;
    volatile CallRecorder recorder;
    volatile boolean closed;

    // ticker
    final short[][] framesBySlot;
    final short[] recordingFrame = new short[G711Codec.FRAME_SAMPLES];

    MediaRoom(MediaEngine engine, TickerShard shard, String id, int slots) {
        this.engine = engine;
        this.shard = shard;
        this.id = id;
        this.legsBySlot = new MediaLeg[slots];
        this.framesBySlot = new short[slots][];
    }

    public String id() {
        return id;
    }

    /**
     * Opens a leg in the lowest free slot: takes an RTP port from the range and binds a socket on the engine's host.
     * The leg neither sends nor plays until {@link MediaLeg#configure}.
     *
     * @throws IOException           if no port of the range can be bound
     * @throws IllegalStateException if the room is full or closed
     */
    public MediaLeg addLeg(String legId) throws IOException {
        return engine.addLeg(this, legId);
    }

    /**
     * Opens a frame leg in the lowest free slot: no socket, no port; its audio comes from and goes to the returned leg's
     * {@link MediaLeg#frames()} (see {@link FramePort}). It plays from the next tick; a plan names its slot like any
     * other leg's.
     *
     * @throws IllegalStateException if the room is full or closed
     */
    public MediaLeg addFrameLeg(String legId) {
        return engine.addFrameLeg(this, legId);
    }

    /** Closes the leg's socket and returns its port; its slot becomes free. Idempotent. */
    public void removeLeg(MediaLeg leg) {
        engine.removeLeg(this, leg);
    }

    /** The legs now in the room, by slot order. */
    public List<MediaLeg> legs() {
        List<MediaLeg> legs = new ArrayList<>();
        for (MediaLeg leg : legsBySlot) {
            if (leg != null) {
                legs.add(leg);
            }
        }
        return legs;
    }

    /** Replaces who hears whom; the next tick mixes by {@code newPlan}. */
    public void setPlan(MixPlan newPlan) {
        this.plan = Objects.requireNonNull(newPlan, "plan");
    }

    public MixPlan plan() {
        return plan;
    }

    /**
     * Starts recording the plan's recorded slots to {@code file} (a WAV, truncated if it exists).
     *
     * @throws IllegalStateException if a recording is already running, or the room is closed
     */
    public synchronized void startRecording(Path file) throws IOException {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        CallRecorder current = recorder;
        if (current != null && current.state() != CallRecorder.State.CLOSED && current.state() != CallRecorder.State.STOPPING) {
            throw new IllegalStateException("Room " + id + " is already recording to " + current.path());
        }
        CallRecorder started = new CallRecorder(file, engine.config().recordingRingFrames());
        engine.register(started);
        recorder = started;
    }

    public synchronized void pauseRecording() {
        requireRecorder().pause();
    }

    public synchronized void resumeRecording() {
        requireRecorder().resume();
    }

    /** Stops the recording; completed with the file once it is written and closed. */
    public synchronized CompletableFuture<Path> stopRecording() {
        CompletableFuture<Path> done = requireRecorder().stop();
        engine.wakeIo();
        return done;
    }

    /** The current (or last) recording, or {@code null}. */
    public CallRecorder recorder() {
        return recorder;
    }

    /** Removes every leg and stops the recording; the engine forgets the room. */
    public void close() {
        engine.closeRoom(this);
    }

    public boolean isClosed() {
        return closed;
    }

    private CallRecorder requireRecorder() {
        CallRecorder current = recorder;
        if (current == null) {
            throw new IllegalStateException("Room " + id + " has no recording");
        }
        return current;
    }

    @Override
    public String toString() {
        return "MediaRoom[" + id + "]";
    }
}
