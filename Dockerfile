# syntax=docker/dockerfile:1
#
# Gainsay worker image.
#
#   docker build -t gainsay:local .
#   docker run --rm -e GAINSAY_KAFKA_URL=kafka://broker:9092 -p 127.0.0.1:6066:6066 gainsay:local
#
# Two stages: the first installs the project and its pinned dependencies
# (constraints.txt) into a virtualenv, and the second copies only that
# virtualenv onto a clean slim image that runs as an unprivileged user.
# Every dependency ships manylinux wheels for CPython 3.11, so no compiler is
# needed. The spaCy model is a PyPI package, so nothing is downloaded when the
# worker runs.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

# Extras to install: "rocksdb" lets GAINSAY_STORE=rocksdb:// work. Build with
# --build-arg GAINSAY_EXTRAS= for a smaller image that only has memory://.
ARG GAINSAY_EXTRAS=rocksdb

WORKDIR /src
# Dependencies first, in their own layer: it is rebuilt only when
# pyproject.toml, constraints.txt or README.md change, not on every code edit.
# (A stub package stands in for the code; it is uninstalled straight away.)
COPY pyproject.toml constraints.txt README.md ./
RUN mkdir -p streams schemas \
 && touch streams/__init__.py \
 && python -m venv /opt/gainsay \
 && /opt/gainsay/bin/pip install -c constraints.txt ".${GAINSAY_EXTRAS:+[${GAINSAY_EXTRAS}]}" \
 && /opt/gainsay/bin/pip uninstall -y gainsay

# Then the project itself, against the dependencies already installed.
COPY schemas ./schemas
COPY streams ./streams
RUN /opt/gainsay/bin/pip install --no-deps -c constraints.txt . \
 && /opt/gainsay/bin/pip check \
 && /opt/gainsay/bin/gainsay --help >/dev/null

FROM ${PYTHON_IMAGE}

LABEL org.opencontainers.image.title="gainsay" \
      org.opencontainers.image.description="Streaming who-said-what extraction with denial and contradiction alerts" \
      org.opencontainers.image.licenses="Apache-2.0"

RUN groupadd --system --gid 10001 gainsay \
 && useradd --system --uid 10001 --gid gainsay --home-dir /var/lib/gainsay \
            --shell /usr/sbin/nologin gainsay \
 && install -d -o gainsay -g gainsay -m 0750 /var/lib/gainsay

COPY --from=build /opt/gainsay /opt/gainsay

# Inside a container the web server must listen on every interface of the
# container's own network namespace, or neither Prometheus nor the health
# check can reach it. Publishing it on the host is decided by whoever runs the
# container (docker-compose.yml publishes on 127.0.0.1 only).
ENV PATH="/opt/gainsay/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GAINSAY_WEB_HOST=0.0.0.0 \
    GAINSAY_WEB_PORT=6066 \
    GAINSAY_DATA_DIR=/var/lib/gainsay/data

USER gainsay:gainsay
WORKDIR /var/lib/gainsay

EXPOSE 6066

# slim has no curl or wget: ask /healthz with the standard library. urlopen
# raises (exit status 1) on a refused connection, a timeout or any non-2xx.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('GAINSAY_WEB_PORT', '6066'), timeout=4)"]

ENTRYPOINT ["gainsay"]
CMD ["worker"]
