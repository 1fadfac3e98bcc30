package dev.switchboard.server.journal;

import java.nio.file.Path;

/**
 * What the writer knows of one segment file: enough to append to the active one and to decide when an old one may be
 * deleted. Mutable, owned by the writer thread (or by recovery before the writer starts).
 */
final class Segment {
    /** The position of the first record after the segment's snapshot (its base + 1); also its file name. */
    final long firstPosition;
    final Path path;
    /** The file's size: preallocated, so appends never change it until the segment is grown. */
    long size;
    /** Where the next record goes: the end of the data. */
    long end;
    /** Whether any record follows the snapshot; a segment without one is grown rather than rolled (same name). */
    boolean hasData;
    /** The position of the segment's last EVENT, 0 when it holds none: it may go once that is released. */
    long lastEvent;

    Segment(long firstPosition, Path path, long size) {
        this.firstPosition = firstPosition;
        this.path = path;
        this.size = size;
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
