package dev.switchboard.sip.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses SDP text into a {@link SessionDescription}. Lenient about what it does not use (unknown lines are skipped,
 * LF alone ends a line) and strict about what it does: a malformed {@code o=}, {@code c=}, {@code m=} or
 * {@code a=rtpmap} is an {@link SdpException} with status 400.
 */
public final class SdpParser {

    /** Longest SDP Switchboard reads; an audio offer is a few hundred bytes. */
    public static final int MAX_LENGTH = 8192;

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException(400, "empty session description");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpException(400, "session description longer than " + MAX_LENGTH);
        }
        try {
            return new Reader().read(text);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new SdpException(400, "malformed session description: " + e.getMessage());
        }
    }

    /** Parse state for one body: session-level defaults, then one open media section at a time. */
    private static final class Reader {
        private String originUser;
        private String sessionId;
        private long sessionVersion = -1;
        private String sessionConnection;
        private MediaDirection sessionDirection = MediaDirection.SENDRECV;
        private final List<MediaLine> done = new ArrayList<>();
        private OpenMedia open;

        SessionDescription read(String text) throws SdpException {
            boolean versionSeen = false;
            for (String raw : text.split("\n")) {
                String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                if (line.isEmpty()) {
                    continue;
                }
                if (line.length() < 2 || line.charAt(1) != '=') {
                    throw new SdpException(400, "not an SDP line: " + abbreviate(line));
                }
                String value = line.substring(2).trim();
                switch (line.charAt(0)) {
                    case 'v':
                        versionSeen = true;
                        break;
                    case 'o':
                        origin(value);
                        break;
                    case 'c':
                        connection(value);
                        break;
                    case 'm':
                        closeMedia();
                        open = new OpenMedia(value);
                        break;
                    case 'a':
                        attribute(value);
                        break;
                    default:
                        break;
                }
            }
            closeMedia();
            if (!versionSeen || originUser == null) {
                throw new SdpException(400, "session description without v= or o=");
            }
            return new SessionDescription(originUser, sessionId, sessionVersion, done);
        }

        private void origin(String value) throws SdpException {
            String[] parts = value.split("\\s+");
            if (parts.length < 6) {
                throw new SdpException(400, "malformed o= line");
            }
            originUser = parts[0];
            sessionId = parts[1];
            sessionVersion = Long.parseLong(parts[2]);
        }

        private void connection(String value) throws SdpException {
            String[] parts = value.split("\\s+");
            if (parts.length < 3 || !"IN".equals(parts[0])) {
                throw new SdpException(400, "malformed c= line");
            }
            String address = parts[2];
            int slash = address.indexOf('/');
            address = slash < 0 ? address : address.substring(0, slash);
            if (open != null) {
                open.connection = address;
            } else {
                sessionConnection = address;
            }
        }

        private void attribute(String value) throws SdpException {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String argument = colon < 0 ? "" : value.substring(colon + 1).trim();
            var direction = MediaDirection.ofAttribute(name);
            if (direction.isPresent()) {
                if (open != null) {
                    open.direction = direction.get();
                } else {
                    sessionDirection = direction.get();
                }
                return;
            }
            if (open == null) {
                return;
            }
            switch (name) {
                case "rtpmap":
                    open.rtpmap(argument);
                    break;
                case "fmtp":
                    open.fmtp(argument);
                    break;
                case "ptime":
                    open.ptime = Integer.parseInt(argument);
                    break;
                default:
                    break;
            }
        }

        private void closeMedia() {
            if (open == null) {
                return;
            }
            List<PayloadFormat> formats = new ArrayList<>();
            for (Map.Entry<Integer, String[]> entry : open.formats.entrySet()) {
                String[] map = entry.getValue();
                formats.add(new PayloadFormat(entry.getKey(), map[0], map[0] == null ? 0 : Integer.parseInt(map[1]), map[2]));
            }
            String connection = open.connection != null ? open.connection : sessionConnection;
            MediaDirection direction = open.direction != null ? open.direction : sessionDirection;
            done.add(new MediaLine(open.media, open.port, open.protocol, formats, connection, direction, open.ptime));
            open = null;
        }

        private static String abbreviate(String line) {
            return line.length() > 40 ? line.substring(0, 40) + "…" : line;
        }
    }

    /** One m= section being read: formats keyed by payload type, each {encoding, clock rate, fmtp}. */
    private static final class OpenMedia {
        final String media;
        final int port;
        final String protocol;
        final Map<Integer, String[]> formats = new LinkedHashMap<>();
        String connection;
        MediaDirection direction;
        int ptime;

        OpenMedia(String value) throws SdpException {
            String[] parts = value.split("\\s+");
            if (parts.length < 3) {
                throw new SdpException(400, "malformed m= line");
            }
            media = parts[0];
            String portPart = parts[1];
            int slash = portPart.indexOf('/');
            port = Integer.parseInt(slash < 0 ? portPart : portPart.substring(0, slash));
            if (port < 0 || port > 65535) {
                throw new SdpException(400, "m= port out of range");
            }
            protocol = parts[2];
            for (int i = 3; i < parts.length; i++) {
                if ("RTP/AVP".equalsIgnoreCase(protocol)) {
                    int payloadType = Integer.parseInt(parts[i]);
                    if (payloadType < 0 || payloadType > 127) {
                        throw new SdpException(400, "payload type out of range");
                    }
                    formats.put(payloadType, new String[3]);
                }
            }
        }

        void rtpmap(String argument) throws SdpException {
            String[] parts = argument.split("\\s+", 2);
            if (parts.length < 2) {
                throw new SdpException(400, "malformed a=rtpmap");
            }
            String[] format = formats.get(Integer.parseInt(parts[0]));
            if (format == null) {
                return;
            }
            String[] encoding = parts[1].split("/");
            if (encoding.length < 2) {
                throw new SdpException(400, "malformed a=rtpmap encoding");
            }
            format[0] = encoding[0];
            format[1] = String.valueOf(Integer.parseInt(encoding[1]));
        }

        void fmtp(String argument) {
            String[] parts = argument.split("\\s+", 2);
            String[] format = formats.get(Integer.parseInt(parts[0]));
            if (format != null && parts.length == 2) {
                format[2] = parts[1];
            }
        }
    }
}
