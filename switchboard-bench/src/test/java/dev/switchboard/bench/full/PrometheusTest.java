package dev.switchboard.bench.full;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading figures from a Prometheus scrape. */
class PrometheusTest {
    private static final String SCRAPE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2000.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 500.0
            jvm_memory_used_bytes_other 7.0
            process_cpu_usage 0.25
            """;

    @Test
    void sumsTheMatchingSamples() {
        assertThat(Prometheus.sum(SCRAPE, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(3000.0);
        assertThat(Prometheus.sum(SCRAPE, "jvm_memory_used_bytes")).isEqualTo(3500.0);
        assertThat(Prometheus.sum(SCRAPE, "process_cpu_usage")).isEqualTo(0.25);
        assertThat(Prometheus.sum(SCRAPE, "missing")).isNaN();
    }
}
