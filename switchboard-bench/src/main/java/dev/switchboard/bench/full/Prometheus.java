package dev.switchboard.bench.full;

/** Reads the few figures the benchmark samples from a Prometheus text scrape. */
public final class Prometheus {
    private Prometheus() {
    }

    /** The sum of every sample of {@code metric} whose labels contain every one of {@code labels} (e.g. {@code area="heap"}). */
    public static double sum(String scrape, String metric, String... labels) {
        double total = 0;
        boolean found = false;
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= rest.contains(label);
            }
            if (!matches) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            try {
                total += Double.parseDouble(parts[parts.length - 1]);
                found = true;
            } catch (NumberFormatException notANumber) {
                // a timestamp-less line that does not end in a value: skipped
            }
        }
        return found ? total : Double.NaN;
    }
}
