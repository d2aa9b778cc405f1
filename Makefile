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

.PHONY: help setup kafka-fetch kafka-up kafka-down kafka-status test test-fast test-reliability test-burst lint demo bench clean

help:
	@echo "make setup | kafka-up | kafka-down | test | demo | lint | bench | clean"

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH"; exit 1; }
	@command -v openssl >/dev/null || apt-get install -y openssl  # TLS test certificates
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

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
# The SIGKILL test runs 3 kills here (CI time) and 20 in test-reliability.
test: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL RELIABILITY_KILLS=$${RELIABILITY_KILLS:-3} $(BIN)/pytest -q -p no:cacheprovider

# Fault scenarios (docs/reliability.md): SIGKILL at 20 random points, broker restart,
# one of two workers killed. Counts land in reports/reliability/*.json.
test-reliability: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL RELIABILITY_KILLS=$${RELIABILITY_KILLS:-20} $(BIN)/pytest -q -p no:cacheprovider -m reliability

# 10,000 articles at once: lag drains, RSS stays bounded (minutes; not in make test).
test-burst: setup kafka-fetch
	env -u GAINSAY_KAFKA_URL $(BIN)/pytest -q -p no:cacheprovider -m burst

test-fast: setup
	env -u GAINSAY_KAFKA_URL $(BIN)/pytest -q -p no:cacheprovider -m "not kafka"

lint: setup
	$(BIN)/ruff check streams tests
	$(BIN)/lint-imports

demo: setup kafka-fetch
	bash scripts/demo.sh

bench: setup kafka-fetch
	$(BIN)/gainsay bench

clean:
	-bash $(KAFKA) stop
	rm -rf .run reports
