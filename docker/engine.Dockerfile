# syntax=docker/dockerfile:1
# The Doudi engine image: Operaton with its REST API (engine/), built from source.
# Build context: the repository root (see docker/compose.yml).

# --- build: the same Maven command as engine/build.sh ---
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY engine/pom.xml ./pom.xml
COPY engine/maven-stubs ./maven-stubs
COPY engine/src ./src
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -ntp -DskipTests package

# --- runtime: a JRE, curl for the health check, an unprivileged user ---
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system doudi \
 && useradd --system --gid doudi --home-dir /opt/doudi --shell /usr/sbin/nologin doudi
WORKDIR /opt/doudi
COPY --from=build /src/target/doudi-engine.jar /opt/doudi/doudi-engine.jar
# JVM options (same name and default as the launcher's ENGINE_JAVA_OPTS, domain/config.ts);
# the compose file sets the heap to fit the container's memory limit.
ENV ENGINE_JAVA_OPTS="-Xms128m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
USER doudi
EXPOSE 8080
# exec: java becomes PID 1 and receives SIGTERM (graceful shutdown, server.shutdown=graceful)
ENTRYPOINT ["sh", "-c", "exec java $ENGINE_JAVA_OPTS -jar /opt/doudi/doudi-engine.jar"]
