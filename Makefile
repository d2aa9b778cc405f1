# Gainsay developer entry points. Every target is idempotent and needs only
# Python 3.11, a JDK and Maven on the machine; everything else is fetched.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KAFKA := deploy/kafka/kafka.sh
export KAFKA_PORT ?= 9092
export GAINSAY_KAFKA_URL ?= kafka://127.0.0.1:$(KAFKA_PORT)

.PHONY: help setup system-tools kafka-fetch kafka-up kafka-down kafka-status test test-fast test-install test-reliability test-burst lint demo bench clean

help:
	@echo "make setup | kafka-up | kafka-down | test | demo | lint | bench | clean"

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH"; exit 1; }
	@command -v openssl >/dev/null || apt-get install -y openssl  # TLS test certificates
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Tools the tests run for real (they fail, not skip, without them): promtool and prometheus
# (rule unit tests, a real scrape), chromium + chromedriver (the desk page's browser test),
# docker-compose (validates the compose files without a Docker engine). Debian package names;
# apt-get runs only when a command is missing, so a second `make setup` costs nothing.
SYSTEM_TOOLS := promtool:prometheus prometheus:prometheus chromium:chromium \
	chromedriver:chromium-driver docker-compose:docker-compose
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

system-tools:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v "$${pair%%:*}" >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

setup: $(STAMP) system-tools

kafka-fetch:
	bash $(KAFKA) fetch

kafka-up: kafka-fetch
	bash $(KAFKA) start

kafka-down:
	bash $(KAFKA) stop

kafka-status:
	bash $(KAFKA) status

# The tests start their own broker on a free loopback port (tests/kafka_broker.py),
# so `make test` never touches a broker you run on 9092.
# The fault scenarios run here too (SIGKILL at 10 random points, broker
# restart, one of two workers killed; a few minutes of the run; 20 kills took CI to 25 of
# its 30 minutes); test-reliability runs only them, with 20 kills.
test: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL RELIABILITY_KILLS=$${RELIABILITY_KILLS:-10} $(BIN)/pytest -q -p no:cacheprovider

# Fault scenarios (docs/reliability.md): SIGKILL at 20 random points, broker restart,
# one of two workers killed. Counts land in reports/reliability/*.json.
test-reliability: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL RELIABILITY_KILLS=$${RELIABILITY_KILLS:-20} $(BIN)/pytest -q -p no:cacheprovider -m reliability

# 10,000 articles at once: lag drains, RSS stays bounded (minutes; not in make test).
test-burst: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL $(BIN)/pytest -q -p no:cacheprovider -m burst

test-fast: setup
	env -u GAINSAY_KAFKA_URL $(BIN)/pytest -q -p no:cacheprovider -m "not kafka and not install"

# `pip install .` into a fresh virtualenv outside the repo, then the offline commands (also in `make test`).
test-install: setup
	env -u GAINSAY_KAFKA_URL $(BIN)/pytest -q -p no:cacheprovider -m install

lint: setup
	$(BIN)/ruff check streams tests
	$(BIN)/lint-imports

demo: setup kafka-fetch
	bash scripts/demo.sh

# The corpus of ../shared when it is there (the package's own samples otherwise);
# BENCH_ARGS=--quick for the 3-minute version. Starts and stops its own broker.
BENCH_CORPUS ?= $(firstword $(wildcard ../shared/data/corpus/fnc1.jsonl) samples/articles.jsonl)
BENCH_ARGS ?=
bench: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL bash scripts/bench.sh --corpus $(BENCH_CORPUS) --json reports/bench.json $(BENCH_ARGS)

clean:
	-bash $(KAFKA) stop
	rm -rf .run reports
