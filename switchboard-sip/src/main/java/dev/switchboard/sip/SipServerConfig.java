package dev.switchboard.sip;

import java.time.Duration;
import java.util.List;

/**
 * How the SIP layer listens and behaves. Build with {@link #of(String, int)} and the {@code with…} methods.
 *
 * @param host the address to listen on and to write in Via, Contact and SDP, e.g. {@code 127.0.0.1}
 * @param port UDP and TCP port; 0 picks a free one (see {@link SipServer#port()})
 * @param realm the digest realm
 * @param trunks the SIP peers whose INVITEs are external calls
 * @param minExpires shortest registration accepted; shorter ones get 423 with Min-Expires
 * @param maxExpires longest registration granted; longer ones are cut down to it
 * @param defaultExpires registration length when the phone names none
 * @param nonceLifetime how long a digest nonce stays valid before the answer is {@code stale=true}
 * @param maxMessageBytes largest SIP message read (TCP framing limit; UDP is bounded by the datagram)
 * @param maxBodyBytes largest body accepted; larger ones get 413
 * @param timerT1Millis RFC 3261 T1 for our server transactions (500 in production; tests shorten it so that completed
 *                      ones are gone in seconds, since 64*T1 governs their lifetime); client transactions keep 500
 * @param timerT4Millis RFC 3261 T4 for all our transactions (how long completed client ones linger)
 * @param dialogLingerSeconds how long JAIN-SIP keeps a terminated dialog to absorb late retransmissions (its default
 *                            is 8; tests shorten it)
 * @param minSessionExpires smallest Session-Expires accepted (RFC 4028 Min-SE; 90 in production)
 * @param userAgent the Server and User-Agent header value
 */
public record SipServerConfig(String host, int port, String realm, List<Trunk> trunks, int minExpires, int maxExpires,
                              int defaultExpires, Duration nonceLifetime, int maxMessageBytes, int maxBodyBytes,
                              int timerT1Millis, int timerT4Millis, int dialogLingerSeconds, int minSessionExpires,
                              String userAgent) {

    public SipServerConfig {
        trunks = List.copyOf(trunks);
        if (minExpires <= 0 || maxExpires < minExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 0 < minExpires <= defaultExpires <= maxExpires");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Production defaults: realm {@code switchboard}, expires 60..3600 s (default 3600), no trunks. */
    public static SipServerConfig of(String host, int port) {
        return new SipServerConfig(host, port, "switchboard", List.of(), 60, 3600, 3600, Duration.ofMinutes(5),
                65_536, 16_384, 500, 5000, 8, 90, "Switchboard");
    }

    public SipServerConfig withTrunks(List<Trunk> newTrunks) {
        return new SipServerConfig(host, port, realm, newTrunks, minExpires, maxExpires, defaultExpires, nonceLifetime,
                maxMessageBytes, maxBodyBytes, timerT1Millis, timerT4Millis, dialogLingerSeconds, minSessionExpires, userAgent);
    }

    public SipServerConfig withExpires(int newMin, int newMax, int newDefault) {
        return new SipServerConfig(host, port, realm, trunks, newMin, newMax, newDefault, nonceLifetime,
                maxMessageBytes, maxBodyBytes, timerT1Millis, timerT4Millis, dialogLingerSeconds, minSessionExpires, userAgent);
    }

    public SipServerConfig withTimers(int newT1Millis, int newT4Millis, int newDialogLingerSeconds) {
        return new SipServerConfig(host, port, realm, trunks, minExpires, maxExpires, defaultExpires, nonceLifetime,
                maxMessageBytes, maxBodyBytes, newT1Millis, newT4Millis, newDialogLingerSeconds, minSessionExpires, userAgent);
    }

    public SipServerConfig withMinSessionExpires(int seconds) {
        return new SipServerConfig(host, port, realm, trunks, minExpires, maxExpires, defaultExpires, nonceLifetime,
                maxMessageBytes, maxBodyBytes, timerT1Millis, timerT4Millis, dialogLingerSeconds, seconds, userAgent);
    }

    public SipServerConfig withNonceLifetime(Duration lifetime) {
        return new SipServerConfig(host, port, realm, trunks, minExpires, maxExpires, defaultExpires, lifetime,
                maxMessageBytes, maxBodyBytes, timerT1Millis, timerT4Millis, dialogLingerSeconds, minSessionExpires, userAgent);
    }
}
