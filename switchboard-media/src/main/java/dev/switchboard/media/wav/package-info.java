/**
 * The one audio file format Switchboard reads and writes: RIFF/WAVE, PCM, 16-bit, mono, 8 kHz. Recordings are
 * written with {@link dev.switchboard.media.wav.WavWriter} (header fixed on close); music on hold is read with
 * {@link dev.switchboard.media.wav.WavReader}.
 */
package dev.switchboard.media.wav;
