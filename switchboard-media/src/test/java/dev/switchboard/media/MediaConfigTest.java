package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MediaConfigTest {

    @Test
    void defaultsAreTheContractOnes() {
        MediaConfig config = MediaConfig.defaults();
        assertThat(config.firstPort()).isEqualTo(20000);
        assertThat(config.lastPort()).isEqualTo(20999);
        assertThat(config.jitterFrames()).isEqualTo(3);
        assertThat(config.inactivity()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.tickers()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void parsesAPortRangeAndRefusesNonsense() {
        MediaConfig config = MediaConfig.defaults().withPorts(" 30000-30999 ");
        assertThat(config.firstPort()).isEqualTo(30000);
        assertThat(config.lastPort()).isEqualTo(30999);
        assertThatThrownBy(() -> MediaConfig.defaults().withPorts("30000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.defaults().withPorts("a-b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.defaults().withPorts(3000, 2000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.defaults().withJitterFrames(11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.defaults().withInactivity(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaConfig.defaults().withTickers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MediaConfig.defaults().withTickers(4).withPorts(30000, 30999).tickers()).isEqualTo(4);
    }
}
