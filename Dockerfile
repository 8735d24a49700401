# Provenant service image: built from source with the Maven wrapper, run as a non-root user.
#
#   docker build -t provenant:0.1.0 .
#
# Base images are pinned to exact versions (tags). Pin them by digest as well where you build
# (docker buildx imagetools inspect <image:tag> prints it): the development machines here cannot
# reach a registry, so no digest was taken from one, and none is written here unchecked.

# ---- build ----
FROM eclipse-temurin:17.0.16_8-jdk-noble AS build
WORKDIR /src
# the wrapper and the poms first, so the dependency layer is cached across source changes
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY lineage-messages/pom.xml lineage-messages/
COPY artifact-store/pom.xml artifact-store/
COPY test-support/pom.xml test-support/
COPY lineage-service/pom.xml lineage-service/
COPY recorder/pom.xml recorder/
COPY api/pom.xml api/
COPY cli/pom.xml cli/
COPY bench/pom.xml bench/
RUN ./mvnw -B -q -pl cli -am dependency:go-offline -DskipTests || true
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package -pl cli -am \
    && cp cli/target/provenant.jar /provenant.jar

# ---- run ----
FROM eclipse-temurin:17.0.16_8-jre-noble
RUN groupadd --system --gid 10001 provenant \
    && useradd --system --uid 10001 --gid provenant --home-dir /var/lib/provenant --create-home provenant \
    && apt-get update && apt-get install -y --no-install-recommends bubblewrap util-linux \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /provenant.jar /app/provenant.jar
USER provenant:provenant
ENV PROVENANT_HOME=/var/lib/provenant \
    SERVER_ADDRESS=0.0.0.0
VOLUME /var/lib/provenant
EXPOSE 8642
# health over plain bash (no curl/wget in the JRE image): UP in the body of /actuator/health
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8642 && printf "GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/provenant.jar"]
CMD ["server", "--port", "8642"]
