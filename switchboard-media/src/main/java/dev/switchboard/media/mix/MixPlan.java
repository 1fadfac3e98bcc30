package dev.switchboard.media.mix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Who hears whom in one room (one call), by leg slot: for each listener slot, the speaker slots whose voices are
 * summed into what it receives, whether it also hears its hold source (e.g. music on hold), and which slots make
 * the call's recording. Immutable: the core builds a new plan from its who-hears-whom relation whenever that
 * relation changes (mode switch, hold, mute, conference, transfer) and the room swaps it in atomically; the next
 * tick uses it.
 *
 * <p>A listener never hears itself: the builder drops a slot from its own list (the core's relation never has
 * it, so this only guards against an echo). A slot with no leg in the room is skipped at mix time; a listener
 * with an empty list hears silence.
 */
public final class MixPlan {

    /** Nobody hears anybody; nothing is recorded. A room's plan until the core gives one. */
    public static final MixPlan SILENT = builder().build();

    private static final int[] NONE = new int[0];

    private final int[][] speakersByListener;
    private final boolean[] holdSourceByListener;
    private final int[] recordedSlots;
    /** Slots some listener hears or the recording takes: the only frames worth decoding. */
    private final boolean[] heardSlots;

    private MixPlan(int[][] speakersByListener, boolean[] holdSourceByListener, int[] recordedSlots) {
        this.speakersByListener = speakersByListener;
        this.holdSourceByListener = holdSourceByListener;
        this.recordedSlots = recordedSlots;
        int slots = 0;
        for (int listener = 0; listener < speakersByListener.length; listener++) {
            for (int speaker : speakersByListener[listener]) {
                slots = Math.max(slots, speaker + 1);
            }
        }
        for (int slot : recordedSlots) {
            slots = Math.max(slots, slot + 1);
        }
        this.heardSlots = new boolean[slots];
        for (int[] speakers : speakersByListener) {
            for (int speaker : speakers) {
                heardSlots[speaker] = true;
            }
        }
        for (int slot : recordedSlots) {
            heardSlots[slot] = true;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Everyone in {@code slots} hears everyone else (a conference, or a barge-in), and all are recorded. */
    public static MixPlan everyoneHearsEveryone(int... slots) {
        Builder builder = builder();
        for (int listener : slots) {
            builder.hears(listener, slots);
        }
        return builder.records(slots).build();
    }

    /**
     * The slots {@code listener} hears, ascending; the internal array, for the mixer, which must not change it.
     */
    int[] speakersOf(int listener) {
        return listener < speakersByListener.length ? speakersByListener[listener] : NONE;
    }

    /** Whether {@code listener} hears {@code speaker}. */
    public boolean hears(int listener, int speaker) {
        return Arrays.binarySearch(speakersOf(listener), speaker) >= 0;
    }

    /** A copy of the slots {@code listener} hears, ascending. */
    public int[] speakers(int listener) {
        return speakersOf(listener).clone();
    }

    /**
     * Whether any listener hears {@code slot} or the recording takes it: if not, its frame need not be decoded
     * (a listening supervisor, a muted or held party).
     */
    public boolean isHeard(int slot) {
        return slot >= 0 && slot < heardSlots.length && heardSlots[slot];
    }

    /** Whether {@code listener} hears its leg's hold source. */
    public boolean hearsHoldSource(int listener) {
        return listener < holdSourceByListener.length && holdSourceByListener[listener];
    }

    /** The slots summed into the call's recording; the internal array, for the mixer. */
    int[] recordedSlotsArray() {
        return recordedSlots;
    }

    /** A copy of the recorded slots, ascending. */
    public int[] recordedSlots() {
        return recordedSlots.clone();
    }

    @Override
    public String toString() {
        List<String> listeners = new ArrayList<>();
        for (int listener = 0; listener < speakersByListener.length; listener++) {
            if (speakersByListener[listener].length > 0 || hearsHoldSource(listener)) {
                listeners.add(listener + "<-" + Arrays.toString(speakersByListener[listener])
                        + (hearsHoldSource(listener) ? "+hold" : ""));
            }
        }
        return "MixPlan" + listeners + " recorded " + Arrays.toString(recordedSlots);
    }

    /** Collects the relation; {@link #build()} freezes it. */
    public static final class Builder {

        private final List<TreeSet<Integer>> speakers = new ArrayList<>();
        private final TreeSet<Integer> holdListeners = new TreeSet<>();
        private final TreeSet<Integer> recorded = new TreeSet<>();

        private Builder() {
        }

        /** {@code listener} hears each of {@code speakerSlots} (itself excepted). */
        public Builder hears(int listener, int... speakerSlots) {
            checkSlot(listener);
            while (speakers.size() <= listener) {
                speakers.add(new TreeSet<>());
            }
            for (int speaker : speakerSlots) {
                checkSlot(speaker);
                if (speaker != listener) {
                    speakers.get(listener).add(speaker);
                }
            }
            return this;
        }

        /** {@code listener} hears its leg's hold source (mixed with whatever else it hears). */
        public Builder hearsHoldSource(int listener) {
            checkSlot(listener);
            holdListeners.add(listener);
            return this;
        }

        /** The call's recording is the sum of these slots' voices. */
        public Builder records(int... slots) {
            for (int slot : slots) {
                checkSlot(slot);
                recorded.add(slot);
            }
            return this;
        }

        public MixPlan build() {
            int listeners = Math.max(speakers.size(), holdListeners.isEmpty() ? 0 : holdListeners.last() + 1);
            int[][] speakersByListener = new int[listeners][];
            boolean[] hold = new boolean[listeners];
            for (int listener = 0; listener < listeners; listener++) {
                speakersByListener[listener] = listener < speakers.size() ? toArray(speakers.get(listener)) : NONE;
                hold[listener] = holdListeners.contains(listener);
            }
            return new MixPlan(speakersByListener, hold, toArray(recorded));
        }

        private static int[] toArray(TreeSet<Integer> slots) {
            return slots.stream().mapToInt(Integer::intValue).toArray();
        }

        private static void checkSlot(int slot) {
            if (slot < 0) {
                throw new IllegalArgumentException("Negative slot " + slot);
            }
        }
    }
}
