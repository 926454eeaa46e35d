# syntax=docker/dockerfile:1
# One image per service from one Dockerfile:
#   docker build --build-arg SERVICE=auth-service -t agora/auth-service:0.1.0 .
# SERVICE is one of auth-service, users-service, products-service, notifications-service,
# orders-service, payments-service, gateway. The image holds the release binary only
# (migrations, templates and the password list are compiled in), runs as a non-root user,
# and checks itself with the binary's own `healthcheck` command (GET /health on its port),
# so the runtime image needs no shell.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS build
ARG SERVICE
# jemalloc, the services' allocator, is built from source with make.
RUN apt-get update \
    && apt-get install -y --no-install-recommends make=4.3-4.1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    test -n "${SERVICE}" \
    && cargo build --release --locked --package "${SERVICE}" \
    && install -D "target/release/${SERVICE}" /out/service

FROM gcr.io/distroless/cc-debian12:nonroot
ARG SERVICE
LABEL org.opencontainers.image.title="agora-${SERVICE}" \
      org.opencontainers.image.source="https://github.com/agora/agora"
COPY --from=build /out/service /usr/local/bin/service
# Listen on every interface inside the container; the port is each service's own
# (<SERVICE>_PORT, default 3001-3004, 8080 for the gateway).
ENV HOST=0.0.0.0 \
    LOG_FORMAT=json
# distroless's nonroot user.
USER 65532:65532
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/service", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/service"]
