package dev.switchboard.phone;

/**
 * Where a browser line's audio goes: one 20 ms frame (160 samples of 16-bit PCM at 8 kHz) at a time, the sum of what
 * each of the line's legs hears. Called on the {@code browser-audio} thread; it must not block (hand the frame to an
 * asynchronous send), and it must copy the frame if it keeps it: the array is reused.
 */
@FunctionalInterface
public interface FrameSink {

    void play(short[] frame);
}
