package dev.switchboard.media.rtp;

/**
 * The RFC 4733 §2.3 telephone-event payload (4 bytes: event, E bit, volume, duration) and the DTMF digits it
 * carries (events 0-15: {@code 0-9 * # A-D}).
 */
public final class TelephoneEvent {

    /** Length of one event payload. */
    public static final int PAYLOAD_LENGTH = 4;
    /** -10 dBm0, a common DTMF power (volume is given as a positive attenuation). */
    public static final int DEFAULT_VOLUME = 10;

    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvent() {
    }

    /** The event code of a DTMF digit, or -1 if it is not one ({@code a-d} are accepted as {@code A-D}). */
    public static int eventOf(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** The digit of an event code, or 0 if the event is not a DTMF digit. */
    public static char digitOf(int event) {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** Whether every character of {@code digits} is a DTMF digit, and there is at least one. */
    public static boolean isDialable(CharSequence digits) {
        if (digits.length() == 0) {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (eventOf(digits.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    public static int event(byte[] payload, int offset) {
        return payload[offset] & 0xFF;
    }

    public static boolean isEnd(byte[] payload, int offset) {
        return (payload[offset + 1] & 0x80) != 0;
    }

    public static int volume(byte[] payload, int offset) {
        return payload[offset + 1] & 0x3F;
    }

    /** Duration in timestamp units (samples at 8 kHz) since the event began. */
    public static int duration(byte[] payload, int offset) {
        return RtpHeader.readUnsigned16(payload, offset + 2);
    }

    /** Writes one event payload; returns its length. */
    public static int write(byte[] payload, int offset, int event, boolean end, int volume, int duration) {
        payload[offset] = (byte) event;
        payload[offset + 1] = (byte) ((end ? 0x80 : 0) | (volume & 0x3F));
        RtpHeader.writeUnsigned16(payload, offset + 2, Math.min(duration, 0xFFFF));
        return PAYLOAD_LENGTH;
    }
}
