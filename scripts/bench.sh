#!/usr/bin/env bash
# make bench: start a Kafka broker on a free loopback port (unless GAINSAY_KAFKA_URL names
# one), run `gainsay bench` with the arguments given, then stop the broker it started (by pid).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
KAFKA=deploy/kafka/kafka.sh
started_kafka=0
if [[ -z "${GAINSAY_KAFKA_URL:-}" ]]; then
    free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
    # both ports free ones: the default controller port (KAFKA_PORT + 10000) can be out of range
    KAFKA_PORT="$(free_port)"
    KAFKA_CONTROLLER_PORT="$(free_port)"
    while [[ "$KAFKA_CONTROLLER_PORT" == "$KAFKA_PORT" ]]; do KAFKA_CONTROLLER_PORT="$(free_port)"; done
    export KAFKA_PORT KAFKA_CONTROLLER_PORT
    export KAFKA_RUN_DIR=".run/bench-kafka-$KAFKA_PORT" KAFKA_DATA_DIR=".run/bench-kafka-$KAFKA_PORT/data"
    export GAINSAY_KAFKA_URL="kafka://127.0.0.1:$KAFKA_PORT"
    bash "$KAFKA" start
    started_kafka=1
fi
cleanup() {
    if [[ "$started_kafka" == 1 ]]; then
        bash "$KAFKA" stop
        rm -rf "$KAFKA_RUN_DIR"
    fi
}
trap cleanup EXIT INT TERM
"$BIN/gainsay" bench "$@"
