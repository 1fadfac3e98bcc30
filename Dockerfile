# Switchboard in a container, built from the distribution that ./mvnw package makes:
#   ./mvnw -B package -DskipTests
#   docker build -t switchboard .
#   docker run --rm -p 8080:8080 switchboard                       # the demo, quiet
#   docker run --rm -p 8080:8080 -v "$PWD/cc.yaml:/etc/switchboard/switchboard.yaml:ro" -v sbdata:/var/lib/switchboard \
#       switchboard serve --config /etc/switchboard/switchboard.yaml --host 0.0.0.0 --data-dir /var/lib/switchboard
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
# ADD unpacks a local tar.gz.
ADD switchboard-server/target/switchboard-${VERSION}.tar.gz /opt/
RUN ln -s /opt/switchboard-${VERSION} /opt/switchboard \
    && useradd --system --home-dir /var/lib/switchboard switchboard \
    && install -d -o switchboard /var/lib/switchboard /etc/switchboard
USER switchboard
WORKDIR /var/lib/switchboard
# HTTP; SIP (UDP and TCP) and RTP listen on --sip-host, 127.0.0.1 by default: phones outside the container need
# --network host and --sip-host set to the host's address (README, "A package, a service, a container").
EXPOSE 8080 5060/udp 5060/tcp
# SIGTERM (docker stop) reaches the JVM: the launcher execs it.
ENTRYPOINT ["/opt/switchboard/bin/switchboard"]
CMD ["demo", "--host", "0.0.0.0", "--traffic", "0", "--data-dir", "/var/lib/switchboard"]
