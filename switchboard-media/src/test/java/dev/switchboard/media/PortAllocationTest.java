package dev.switchboard.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import org.junit.jupiter.api.Test;

class PortAllocationTest {

    @Test
    void poolHandsOutEvenPortsRoundRobinAndTakesThemBack() {
        RtpPortPool pool = new RtpPortPool(24501, 24507);
        assertThat(pool.capacity()).isEqualTo(3);
        assertThat(pool.acquire()).isEqualTo(24502);
        assertThat(pool.acquire()).isEqualTo(24504);
        pool.release(24502);
        assertThat(pool.acquire()).as("the port just freed is reused last").isEqualTo(24506);
        assertThat(pool.acquire()).isEqualTo(24502);
        assertThatThrownBy(pool::acquire).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.release(24503)).isInstanceOf(IllegalArgumentException.class);
        pool.release(24504);
        assertThatThrownBy(() -> pool.release(24504)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pool.inUse()).isEqualTo(2);
    }

    @Test
    void legsBindEvenPortsSkipBusyOnesAndGiveThemBack() throws IOException {
        try (DatagramChannel squatter = DatagramChannel.open()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 24600));
            MediaEngine engine = MediaEngine.create(MediaConfig.defaults().withPorts(24600, 24609), MediaListener.NONE);
            try {
                MediaRoom room = engine.openRoom("a");
                MediaLeg first = room.addLeg("1");
                assertThat(first.localPort()).as("24600 is taken by another socket").isEqualTo(24602);
                room.addLeg("2");
                room.addLeg("3");
                MediaLeg fourth = room.addLeg("4");
                assertThat(engine.portsInUse()).isEqualTo(4);
                assertThatThrownBy(() -> room.addLeg("5")).isInstanceOf(IOException.class);
                assertThat(engine.portsInUse()).isEqualTo(4);
                room.removeLeg(fourth);
                room.removeLeg(fourth);
                assertThat(engine.portsInUse()).isEqualTo(3);
                assertThat(fourth.isClosed()).isTrue();
                MediaLeg again = room.addLeg("5");
                assertThat(again.slot()).as("the freed slot").isEqualTo(fourth.slot());
                room.close();
                assertThat(engine.portsInUse()).isZero();
                assertThat(engine.rooms()).isEmpty();

                MediaRoom other = engine.openRoom("b");
                other.addLeg("x");
                other.addLeg("y");
            } finally {
                engine.close();
            }
            assertThat(engine.portsInUse()).as("close frees every port").isZero();
            assertThatThrownBy(() -> engine.openRoom("c")).isInstanceOf(IllegalStateException.class);
        }
    }
}
