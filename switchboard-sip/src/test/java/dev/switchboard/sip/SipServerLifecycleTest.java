package dev.switchboard.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.sip.support.RawUdp;
import dev.switchboard.sip.support.TestSipServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SipServerLifecycleTest {

    @Test
    void portZeroPicksOnePortForUdpAndTcpAndStopReleasesEverything() throws Exception {
        Set<Thread> before = nonDaemonThreads();
        int port;
        try (TestSipServer sip = TestSipServer.start()) {
            port = sip.port();
            assertThat(port).isPositive();
            assertThat(sip.server().uri()).isEqualTo("sip:127.0.0.1:" + port);
            try (RawUdp udp = new RawUdp(port)) {
                udp.send(udp.request("OPTIONS", "sip:127.0.0.1:" + port, "life-1@test", "", null));
                assertThat(udp.receiveFinal(3000)).startsWith("SIP/2.0 200").contains("Allow: INVITE");
            }
            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                assertThat(tcp.isConnected()).isTrue();
            }
            sip.assertDrained();
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        // JAIN-SIP's event scanner ends just after stop() returns: allow it a bounded moment.
        await("non-daemon threads gone").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Set<Thread> after = nonDaemonThreads();
            after.removeAll(before);
            assertThat(after.stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> !name.startsWith("awaitility")).collect(Collectors.toList())).isEmpty();
        });
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon()).collect(Collectors.toSet());
    }
}
