package dev.switchboard.server.journal;

import java.io.IOException;

/** Faults a test of another package makes in a journal it does not own the files of. */
public final class JournalFaults {
    private JournalFaults() {
    }

    /** Closes the segment the writer writes to: its next write fails, and with it the journal, as a failed disk would. */
    public static void failNextWrite(Journal journal) throws IOException {
        journal.activeChannel().close();
    }
}
