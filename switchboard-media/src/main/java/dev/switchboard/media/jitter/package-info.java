/**
 * One {@link dev.switchboard.media.jitter.JitterBuffer} per leg: fixed capacity (default 3 frames of 20 ms, at most
 * 10), reordering by sequence number, dropping late and duplicate packets, one frame out per tick and silence when
 * there is nothing to play. Used only on the ticker thread; allocates nothing after construction.
 */
package dev.switchboard.media.jitter;
