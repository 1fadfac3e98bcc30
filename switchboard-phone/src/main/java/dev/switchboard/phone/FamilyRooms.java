package dev.switchboard.phone;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.core.endpoint.CallMedia;
import dev.switchboard.media.MediaEngine;
import dev.switchboard.media.MediaLeg;

/**
 * The mixer's rooms, one per call family, opened with the family's first leg and closed with its last. Adapter
 * thread; the count may be read from anywhere.
 */
final class FamilyRooms {
    private final MediaEngine media;
    private final Path recordings;
    private final Map<String, FamilyRoom> rooms = new ConcurrentHashMap<>();

    /**
     * @param recordings where calls' recordings are written ({@code DATA_DIR/recordings})
     */
    FamilyRooms(MediaEngine media, Path recordings) {
        this.media = media;
        this.recordings = recordings;
    }

    /** The leg's place in its family's room (opened if needed): its RTP port is bound. */
    MediaLeg join(String familyId, String legId) throws IOException {
        FamilyRoom room = rooms.computeIfAbsent(familyId, this::open);
        try {
            return room.addLeg(legId);
        } catch (IOException | IllegalStateException e) {
            closeIfEmpty(familyId, room);
            throw e;
        }
    }

    /** A frame leg's place in its family's room (opened if needed): a browser's leg, which has no RTP port. */
    MediaLeg joinFrames(String familyId, String legId) {
        FamilyRoom room = rooms.computeIfAbsent(familyId, this::open);
        try {
            return room.addFrameLeg(legId);
        } catch (IllegalStateException e) {
            closeIfEmpty(familyId, room);
            throw e;
        }
    }

    /** The leg leaves its room; the last leg out closes it (and finishes its recording). */
    void leave(String familyId, String legId) {
        FamilyRoom room = rooms.get(familyId);
        if (room != null) {
            room.removeLeg(legId);
            closeIfEmpty(familyId, room);
        }
    }

    /** The switch says who hears whom, and whether it records, in one call of a family. */
    void update(CallMedia now) {
        FamilyRoom room = rooms.get(now.familyId());
        if (room == null) {
            if (now.legs().isEmpty()) {
                return;
            }
            room = open(now.familyId());
            rooms.put(now.familyId(), room);
        }
        room.update(now);
        closeIfEmpty(now.familyId(), room);
    }

    int size() {
        return rooms.size();
    }

    private FamilyRoom open(String familyId) {
        return new FamilyRoom(media.openRoom(familyId), recordings);
    }

    private void closeIfEmpty(String familyId, FamilyRoom room) {
        if (room.isEmpty()) {
            rooms.remove(familyId, room);
            room.close();
        }
    }
}
