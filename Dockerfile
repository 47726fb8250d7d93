# Haven in a container. NOT TESTED in this project's CI (no container runtime there): see docs/operations.md,
# "Containers (not tested here)". The supported way onto a server is the Debian package.
#
# Build the self-contained publish first, then the image from the repository's root:
#   tools/publish.sh --rid linux-x64            # artifacts/publish/linux-x64 (Haven.Web and haven in one folder)
#   docker build -t haven .
#   # arm64: tools/publish.sh --rid linux-arm64, then docker build --build-arg PUBLISH=artifacts/publish/linux-arm64 ...
FROM debian:12-slim

# What the self-contained runtime loads from the system: ICU (Haven is not culture-invariant), OpenSSL, CA roots (SMTP
# over TLS, PostgreSQL with SSL). libstdc++ and libgcc are in the base image; libsodium, SQLite and Magick come with
# the publish folder.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu72 libssl3 ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/*

# A system user with no shell and no home of its own besides the data directory, as the package makes it.
RUN groupadd --system haven \
 && useradd --system --gid haven --home-dir /var/lib/haven --no-create-home --shell /usr/sbin/nologin haven \
 && install -d -m 0700 -o haven -g haven /var/lib/haven

ARG PUBLISH=artifacts/publish/linux-x64
COPY --chown=root:root ${PUBLISH}/ /usr/lib/haven/
RUN test -x /usr/lib/haven/Haven.Web && test -x /usr/lib/haven/haven \
 && ln -s /usr/lib/haven/haven /usr/local/bin/haven

# The data directory (instance.key, the SQLite database, blobs, keys of the session cookies): a volume, so that it
# outlives the container. Back it up as docs/operations.md says; it is the instance.
VOLUME ["/var/lib/haven"]
ENV HAVEN_DATA=/var/lib/haven \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1

USER haven:haven
WORKDIR /var/lib/haven
# Inside the container Haven must listen on all of the container's interfaces to be reachable through a published
# port; publish that port on the host's loopback only (docker run -p 127.0.0.1:5080:5080), never on 0.0.0.0.
EXPOSE 5080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/lib/haven/Haven.Web"]
CMD ["--urls", "http://0.0.0.0:5080"]
