# syntax=docker/dockerfile:1
# CPX portal image.  Build: docker build -t cpx .   Run: docker run -p 8080:8080 cpx
# The image runs with the "prod" profile; give it its database and Redis through the usual
# Spring environment variables (SPRING_DATASOURCE_URL, ...). Probes: /actuator/health/liveness
# and /actuator/health/readiness on port 8080 (no HEALTHCHECK here: the JRE image has no curl).

FROM eclipse-temurin:21-jdk AS build
# The settlement build embeds this font in the PDF reports (Chinese names); nothing is fetched at run time.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY db-migrations/ db-migrations/
COPY marketplace-core/ marketplace-core/
COPY settlement/ settlement/
COPY marketplace-web/ marketplace-web/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests package

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 cpx \
 && useradd --system --uid 10001 --gid cpx --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin cpx \
 && mkdir -p /app \
 && chown cpx:cpx /app
WORKDIR /app
COPY --from=build /src/marketplace-web/target/cpx.jar /app/cpx.jar
USER 10001:10001
EXPOSE 8080
ENV SPRING_PROFILES_ACTIVE=prod
# ZGC keeps collection pauses off the order path's latency (docs/benchmarks.md); Java 21 needs ZGenerational.
ENTRYPOINT ["java","-XX:+UseZGC","-XX:+ZGenerational","-XX:MaxRAMPercentage=75","-jar","/app/cpx.jar"]
