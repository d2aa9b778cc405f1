#!/usr/bin/env bash
# make demo: start Kafka and the worker, replay the sample articles, show the alerts as they
# arrive and where the metrics are, then stop everything this script started (by pid).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.venv/bin
KAFKA=deploy/kafka/kafka.sh
export KAFKA_PORT="${KAFKA_PORT:-9092}"
export GAINSAY_KAFKA_URL="kafka://127.0.0.1:${KAFKA_PORT}"
RUN=.run/demo
mkdir -p "$RUN"
tag="demo$(date +%s)"
# A fresh app id and topics per run, so the demo always starts from an empty state.
export GAINSAY_APP_ID="gainsay-$tag"
export GAINSAY_TOPIC_ARTICLES="$tag.articles" GAINSAY_TOPIC_CLAIMS="$tag.claims"
export GAINSAY_TOPIC_ALERTS="$tag.alerts" GAINSAY_TOPIC_DLQ="$tag.articles.dlq"
export GAINSAY_DATA_DIR="$RUN/$tag" GAINSAY_WEB_PORT="${GAINSAY_WEB_PORT:-6066}"
WEB="http://127.0.0.1:${GAINSAY_WEB_PORT}"
SAMPLES="${SAMPLES:-samples/articles.jsonl}"

started_kafka=0
worker_pid=""
cleanup() {
    if [[ -n "$worker_pid" ]] && kill -0 "$worker_pid" 2>/dev/null; then
        echo "== stopping the worker (pid $worker_pid)"
        kill -TERM "$worker_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$worker_pid" 2>/dev/null || true
    fi
    rm -f "$RUN/worker.pid"
    if [[ "$started_kafka" == 1 ]]; then
        echo "== stopping Kafka"
        bash "$KAFKA" stop
    fi
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Kafka on 127.0.0.1:$KAFKA_PORT"
if bash "$KAFKA" status >/dev/null 2>&1; then
    echo "a broker is already running there; using it (and leaving it running)"
else
    bash "$KAFKA" fetch
    bash "$KAFKA" start
    started_kafka=1
fi

step "topics"
"$BIN/gainsay" topics --create

step "worker (log: $RUN/worker.log)"
"$BIN/gainsay" worker >"$RUN/worker.log" 2>&1 &
worker_pid=$!
echo "$worker_pid" >"$RUN/worker.pid"
for _ in $(seq 1 240); do
    if grep -q "extraction pool ready" "$RUN/worker.log" 2>/dev/null &&
       "$BIN/python" -c "import urllib.request as u; u.urlopen('$WEB/healthz', timeout=1)" 2>/dev/null; then
        break
    fi
    kill -0 "$worker_pid" 2>/dev/null || { echo "worker died:"; tail -30 "$RUN/worker.log"; exit 1; }
    sleep 0.5
done
echo "worker ready: $WEB/healthz"

# Real feeds rarely carry a story id: every other sample goes in without its `story`
# field, so the demo shows both routes (the feed's story, and the one Gainsay assigns).
"$BIN/python" - "$SAMPLES" "$RUN/$tag.samples.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(l for l in src if l.strip()):
        row = json.loads(line)
        if i % 2:
            row.pop("story", None)
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
PY
step "replaying $(wc -l <"$SAMPLES") sample articles into $GAINSAY_TOPIC_ARTICLES (every other one without a story id)"
"$BIN/gainsay" produce "$RUN/$tag.samples.jsonl"

step "alerts as they arrive (stops after 15 s without a new one)"
"$BIN/gainsay" tail --topic "$GAINSAY_TOPIC_ALERTS" --from-beginning --idle-timeout 15

step "what happened"
"$BIN/gainsay" topics
"$BIN/python" - "$WEB" <<'PY'
import json, sys, urllib.request
web = sys.argv[1]
text = urllib.request.urlopen(web + "/metrics", timeout=5).read().decode()
from streams.metrics import histogram_quantile
for line in text.splitlines():
    if line.startswith(("gainsay_articles_total", "gainsay_alerts_total", "gainsay_dlq_total",
                        "gainsay_claims_total")):
        print("  " + line)
for q in (0.5, 0.99):
    for name in ("gainsay_article_to_alert_seconds", "gainsay_extract_seconds"):
        value = histogram_quantile(text, name, q)
        if value is not None:
            print(f"  p{int(q * 100)} {name}: {1000 * value:.0f} ms")
alerts = json.loads(urllib.request.urlopen(web + "/alerts/recent?limit=200", timeout=5).read())["alerts"]
actor = next((a["actors"][0]["id"] for a in alerts if a["type"] == "contradiction"), None)
print(f"\nmetrics (Prometheus):   {web}/metrics")
print(f"desk page (live):       {web}/desk")
print(f"recent alerts (JSON):   {web}/alerts/recent")
if actor:
    print(f"an actor's record:      {web}/actors/{actor}")
    print(f"a proposition's stance: {web}/propositions/{alerts[0]['proposition']['key']}")
print("Grafana dashboard:      deploy/grafana/dashboards/gainsay.json (docker compose up)")
PY
step "done; cleaning up"
