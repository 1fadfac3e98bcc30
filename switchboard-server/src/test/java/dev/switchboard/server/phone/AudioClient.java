package dev.switchboard.server.phone;

/**
 * A page (or a stand-in for one) connected to {@code /ext/v1/audio} as the audio endpoint of its user's device: it says
 * its own tone and keeps what it hears, for {@link BrowserAudioTest} to analyse.
 */
interface AudioClient extends AutoCloseable {

    /** Every sample heard since connecting (8 kHz), in order. */
    short[] heard() throws Exception;

    @Override
    void close() throws Exception;
}
