package dev.switchboard.core.directory;

import java.util.List;

/**
 * A place: where an agent sits, with the DNs (devices) found there.
 *
 * @param id        32 lowercase hex characters, stable across restarts of the same data
 * @param dnNumbers the numbers of the place's DNs, all in one voice environment
 */
public record Place(String id, String name, String environment, List<String> dnNumbers) {

    public Place {
        dnNumbers = List.copyOf(dnNumbers);
    }
}
