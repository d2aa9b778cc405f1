#!/usr/bin/env bash
# Run a real single-node Apache Kafka broker (KRaft) for local development and
# tests, from jars resolved by Maven (deploy/kafka/pom.xml). No Docker needed.
#
#   kafka.sh fetch    copy the broker jars into $GAINSAY_KAFKA_HOME/libs (once)
#   kafka.sh start    format storage (once per data dir) and start the broker;
#                     waits until it is ready. Idempotent.
#   kafka.sh stop     stop the broker started for $KAFKA_PORT. Idempotent.
#   kafka.sh status   exit 0 if running and accepting connections, else 1.
#
# Environment (see deploy/kafka/README.md):
#   GAINSAY_KAFKA_HOME     jars + default data dirs   [<repo>/.cache/kafka]
#   KAFKA_PORT             PLAINTEXT listener port     [9092]
#   KAFKA_CONTROLLER_PORT  KRaft controller port       [KAFKA_PORT + 10000]
#   KAFKA_DATA_DIR         cluster id + log segments   [$GAINSAY_KAFKA_HOME/data-$KAFKA_PORT]
#   KAFKA_RUN_DIR          pid file, config, logs      [<repo>/.run/kafka-$KAFKA_PORT]
#   KAFKA_HEAP             JVM heap flags              [-Xms256m -Xmx512m]
#   KAFKA_JVM_OPTS         extra JVM flags             []
#   KAFKA_START_TIMEOUT    seconds to wait for ready   [60]
#   KAFKA_STOP_TIMEOUT     seconds before SIGKILL      [20]
#   KAFKA_CLEAN=1          wipe KAFKA_DATA_DIR before starting (ignored if the
#                          broker is already running)
#   KAFKA_EXTRA_PROPERTIES a properties file appended to server.properties (its keys
#                          win): extra SASL / SSL listeners, see tests/kafka_broker.py
#   KAFKA_SCRAM_USERS      "name=password ..." SCRAM-SHA-512 users created at format
set -euo pipefail

# Keep in sync with deploy/kafka/pom.xml.
readonly KAFKA_VERSION="3.9.1"
readonly SCALA_VERSION="2.13"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
readonly SCRIPT_DIR REPO_ROOT

KAFKA_HOME="${GAINSAY_KAFKA_HOME:-$REPO_ROOT/.cache/kafka}"
LIBS_DIR="$KAFKA_HOME/libs"
MARKER_JAR="$LIBS_DIR/kafka_${SCALA_VERSION}-${KAFKA_VERSION}.jar"

PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-}"
DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_HOME/data-$PORT}"
RUN_DIR="${KAFKA_RUN_DIR:-$REPO_ROOT/.run/kafka-$PORT}"
HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
JVM_OPTS="${KAFKA_JVM_OPTS:-}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-20}"

PID_FILE="$RUN_DIR/kafka.pid"
OUT_FILE="$RUN_DIR/kafka.out"
SERVER_LOG="$RUN_DIR/server.log"
FORMAT_LOG="$RUN_DIR/format.log"
CONFIG_FILE="$RUN_DIR/server.properties"
CLUSTER_ID_FILE="$DATA_DIR/cluster-id"
LOG_DIRS="$DATA_DIR/logs"

log() { printf 'kafka.sh: %s\n' "$*"; }
err() { printf 'kafka.sh: error: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

usage() {
    sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

is_port_number() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 )); }

check_ports() {
    is_port_number "$PORT" || die "KAFKA_PORT must be a port number, got '$PORT'"
    if [[ -z "$CONTROLLER_PORT" ]]; then
        CONTROLLER_PORT=$(( PORT + 10000 ))
        (( CONTROLLER_PORT <= 65535 )) ||
            die "KAFKA_PORT=$PORT: default controller port $CONTROLLER_PORT is out of range; set KAFKA_CONTROLLER_PORT"
    fi
    is_port_number "$CONTROLLER_PORT" ||
        die "KAFKA_CONTROLLER_PORT must be a port number, got '$CONTROLLER_PORT'"
    [[ "$CONTROLLER_PORT" != "$PORT" ]] || die "KAFKA_CONTROLLER_PORT must differ from KAFKA_PORT ($PORT)"
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_open() {
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# True if $1 is a live process running *our* broker (guards against pid reuse).
is_our_broker() {
    local pid="$1" cmdline
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
    [[ "$cmdline" == *kafka.Kafka* && "$cmdline" == *"$CONFIG_FILE"* ]]
}

read_pid() { [[ -f "$PID_FILE" ]] && tr -dc '0-9' <"$PID_FILE"; }

show_log_tail() {
    local f
    for f in "$OUT_FILE" "$SERVER_LOG"; do
        if [[ -s "$f" ]]; then
            printf -- '----- last lines of %s -----\n' "$f" >&2
            tail -n 30 "$f" >&2
        fi
    done
}

# Send TERM, wait up to STOP_TIMEOUT seconds, then KILL. Returns when gone.
terminate() {
    local pid="$1" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null; do
        if (( waited >= STOP_TIMEOUT * 10 )); then
            err "broker pid $pid did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
            break
        fi
        sleep 0.1
        waited=$(( waited + 1 ))
    done
}

# Wait until the broker logged "Kafka Server started" and the port accepts
# connections. On failure: report, tail logs, stop the process, exit 1.
wait_ready() {
    local pid="$1" start=$SECONDS
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            err "broker (pid $pid) exited during startup; see $SERVER_LOG and $OUT_FILE"
            show_log_tail
            rm -f "$PID_FILE"
            exit 1
        fi
        if grep -qs "Kafka Server started" "$SERVER_LOG" "$OUT_FILE" && port_open "$PORT"; then
            return 0
        fi
        if (( SECONDS - start >= START_TIMEOUT )); then
            err "broker (pid $pid) not ready on 127.0.0.1:$PORT after ${START_TIMEOUT}s; see $SERVER_LOG and $OUT_FILE"
            show_log_tail
            terminate "$pid"
            rm -f "$PID_FILE"
            exit 1
        fi
        sleep 0.2
    done
}

java_bin() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        printf '%s\n' "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        die "java not found (install a JDK >= 11 or set JAVA_HOME)"
    fi
}

# A Kafka cluster id is a 16-byte UUID in URL-safe base64 without padding.
# Kafka never generates ids starting with '-' (they look like CLI flags).
new_cluster_id() {
    local id
    while true; do
        id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        [[ "$id" != -* && ${#id} -eq 22 ]] && { printf '%s\n' "$id"; return; }
    done
}

render_config() {
    local tpl="$SCRIPT_DIR/server.properties.template" text
    [[ -f "$tpl" ]] || die "missing template $tpl"
    text="$(<"$tpl")"
    # Quoted replacements: no '&' expansion (bash >= 5.2 patsub_replacement).
    text="${text//@CONTROLLER_PORT@/"$CONTROLLER_PORT"}"
    text="${text//@PORT@/"$PORT"}"
    text="${text//@LOG_DIRS@/"$LOG_DIRS"}"
    if [[ -n "${KAFKA_EXTRA_PROPERTIES:-}" ]]; then
        [[ -f "$KAFKA_EXTRA_PROPERTIES" ]] || die "KAFKA_EXTRA_PROPERTIES: no file $KAFKA_EXTRA_PROPERTIES"
        text+=$'\n# --- from KAFKA_EXTRA_PROPERTIES ---\n'"$(<"$KAFKA_EXTRA_PROPERTIES")"
    fi
    printf '%s\n' "$text" >"$CONFIG_FILE.tmp"
    mv -f "$CONFIG_FILE.tmp" "$CONFIG_FILE"
}

cmd_fetch() {
    if [[ -f "$MARKER_JAR" ]]; then
        log "Kafka $KAFKA_VERSION jars already in $LIBS_DIR"
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found; install Maven to fetch the Kafka jars"
    log "fetching Kafka $KAFKA_VERSION jars into $LIBS_DIR (Maven Central) ..."
    mkdir -p "$LIBS_DIR"
    if ! (cd "$SCRIPT_DIR" && mvn -q -B -f pom.xml dependency:copy-dependencies \
            -DoutputDirectory="$LIBS_DIR"); then
        die "mvn dependency:copy-dependencies failed (network? ~/.m2 settings?); nothing usable in $LIBS_DIR"
    fi
    [[ -f "$MARKER_JAR" ]] || die "mvn succeeded but $MARKER_JAR is missing; check deploy/kafka/pom.xml"
    log "fetched $(find "$LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars"
}

cmd_start() {
    check_ports
    local pid java
    pid="$(read_pid || true)"
    if [[ -n "$pid" ]] && is_our_broker "$pid"; then
        if port_open "$PORT"; then
            log "already running (pid $pid, 127.0.0.1:$PORT)"
            return 0
        fi
        # Still starting (e.g. a concurrent start): wait for it instead.
        log "broker pid $pid is starting; waiting until ready ..."
        wait_ready "$pid"
        log "ready (pid $pid, 127.0.0.1:$PORT)"
        return 0
    fi
    [[ -n "$pid" ]] && log "removing stale pid file $PID_FILE (pid $pid is not our broker)"
    rm -f "$PID_FILE"

    [[ -f "$MARKER_JAR" ]] || die "Kafka jars not found in $LIBS_DIR; run: bash deploy/kafka/kafka.sh fetch"
    java="$(java_bin)"
    port_open "$PORT" && die "port 127.0.0.1:$PORT is already in use by another process"
    port_open "$CONTROLLER_PORT" &&
        die "controller port 127.0.0.1:$CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT"

    if [[ "${KAFKA_CLEAN:-0}" == "1" && -d "$DATA_DIR" ]]; then
        log "KAFKA_CLEAN=1: wiping $DATA_DIR"
        rm -rf -- "$DATA_DIR"
    fi
    mkdir -p "$RUN_DIR" "$DATA_DIR"
    render_config

    # Format storage once per data dir; the cluster id lives next to the logs.
    if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
        new_cluster_id >"$CLUSTER_ID_FILE"
    fi
    if [[ ! -f "$LOG_DIRS/meta.properties" ]]; then
        local scram=() user
        for user in ${KAFKA_SCRAM_USERS:-}; do
            scram+=(--add-scram "SCRAM-SHA-512=[name=${user%%=*},password=${user#*=}]")
        done
        if ! "$java" -Xmx128m -Dlog4j.configuration="file:$SCRIPT_DIR/tools-log4j.properties" \
                -cp "$LIBS_DIR/*" kafka.tools.StorageTool format \
                -t "$(<"$CLUSTER_ID_FILE")" -c "$CONFIG_FILE" --ignore-formatted "${scram[@]}" \
                >"$FORMAT_LOG" 2>&1; then
            err "formatting $LOG_DIRS failed; see $FORMAT_LOG"
            tail -n 30 "$FORMAT_LOG" >&2
            exit 1
        fi
    fi

    # Keep the previous run's logs as *.prev; readiness is judged on fresh logs.
    local f
    for f in "$OUT_FILE" "$SERVER_LOG" "$RUN_DIR/controller.log" "$RUN_DIR/state-change.log"; do
        if [[ -f "$f" ]]; then mv -f "$f" "$f.prev"; fi
    done
    : >"$OUT_FILE"
    # shellcheck disable=SC2086  # HEAP and JVM_OPTS are intentionally word-split
    nohup "$java" $HEAP $JVM_OPTS \
        -Djava.awt.headless=true \
        -Dkafka.logs.dir="$RUN_DIR" \
        -Dlog4j.configuration="file:$SCRIPT_DIR/log4j.properties" \
        -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" \
        >>"$OUT_FILE" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$PID_FILE"
    log "starting Kafka $KAFKA_VERSION (pid $pid) on 127.0.0.1:$PORT, controller :$CONTROLLER_PORT"
    log "  data: $DATA_DIR  logs: $RUN_DIR"
    local t0=$SECONDS
    wait_ready "$pid"
    log "ready after $(( SECONDS - t0 ))s (pid $pid, bootstrap 127.0.0.1:$PORT)"
}

cmd_stop() {
    local pid
    pid="$(read_pid || true)"
    if [[ -z "$pid" ]]; then
        rm -f "$PID_FILE"
        log "not running (no pid file at $PID_FILE)"
        return 0
    fi
    if ! is_our_broker "$pid"; then
        rm -f "$PID_FILE"
        log "not running (stale pid file, pid $pid); removed $PID_FILE"
        return 0
    fi
    log "stopping broker (pid $pid) ..."
    terminate "$pid"
    rm -f "$PID_FILE"
    log "stopped"
}

cmd_status() {
    local pid
    pid="$(read_pid || true)"
    if [[ -n "$pid" ]] && is_our_broker "$pid"; then
        if port_open "$PORT"; then
            echo "running (pid $pid, 127.0.0.1:$PORT)"
            return 0
        fi
        echo "not running: pid $pid is alive but 127.0.0.1:$PORT does not accept connections (starting or hung; see $SERVER_LOG)"
        return 1
    fi
    echo "not running (port $PORT)"
    return 1
}

main() {
    case "${1:-}" in
        fetch) cmd_fetch ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        -h | --help | help) usage ;;
        *) usage >&2; exit 2 ;;
    esac
}

main "$@"
