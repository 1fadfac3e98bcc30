/**
 * G.711 (ITU-T, 1988): µ-law ({@link dev.switchboard.media.codec.G711Codec#PCMU}) and A-law
 * ({@link dev.switchboard.media.codec.G711Codec#PCMA}), 8 kHz, one byte per sample. Decoding is a 256-entry table
 * lookup; encoding a lookup in a table of the 14-bit (µ) or 13-bit (A) values the law distinguishes, built at class
 * load from the reference arithmetic, which stays public so tests can compare the two. Nothing here allocates.
 */
package dev.switchboard.media.codec;
