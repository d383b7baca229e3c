#!/usr/bin/env bash
# What the metrics cost: two frame servers side by side, one with METRICS_PORT set (and scraped
# every 5 s, more often than Prometheus would), one without, loaded in turn by the load client
# (640x480 -> 320x240, 8 connections) for ROUNDS rounds; prints each run's server CPU per frame,
# the medians, their difference, and a sample scrape.
#
#   bench/metrics-cost.sh                  # 3 rounds of 15 s each way, about 2 minutes
#   ROUNDS=5 SECONDS_EACH=30 bench/metrics-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
SECONDS_EACH=${SECONDS_EACH:-15}
JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"} # as start_server.sh
CP="target/image-stream.jar:target/lib/*"
WORK=$(mktemp -d)
PIDS=()
trap 'for p in ${PIDS[@]+"${PIDS[@]}"}; do kill -TERM "$p" 2>/dev/null || true; done; wait; rm -rf "$WORK"' EXIT

[ -f target/image-stream.jar ] || mvn -B -q -DskipTests package

start() { # name, then extra settings; sets PID and URL
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  env HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 SERVER_WIDTH=320 SERVER_HEIGHT=240 \
    PROCESSING=grayscale IMAGESTREAM_READY_FILE="$WORK/$1.ready" "${@:2}" \
    java $JAVA_OPTS -cp "$CP" imagestream.ws.FrameServerMain >"$WORK/$1.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  for _ in $(seq 300); do
    [ -s "$WORK/$1.ready" ] && URL=$(cat "$WORK/$1.ready") && return 0
    sleep 0.1
  done
  cat "$WORK/$1.log" >&2
  exit 1
}

start off
OFF_PID=$PID OFF_URL=$URL
start on METRICS_PORT=0
ON_PID=$PID ON_URL=$URL
METRICS=$(sed -n 's|.*Metrics on \(http://[^ ]*/metrics\).*|\1|p' "$WORK/on.log")

echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # label url pid
  java -cp "$CP" imagestream.bench.LoadClient --url "$2" --pid "$3" --connections 8 \
    --size 640x480 --warmup 3 --seconds "$SECONDS_EACH" --row "$1" | tail -n 1 | tee -a "$WORK/rows"
}
for round in $(seq "$ROUNDS"); do
  run "metrics off, round $round" "$OFF_URL" "$OFF_PID"
  (while kill -0 "$ON_PID" 2>/dev/null; do curl -s -o /dev/null "$METRICS"; sleep 5; done) &
  SCRAPER=$!
  run "metrics on, round $round" "$ON_URL" "$ON_PID"
  kill "$SCRAPER" 2>/dev/null || true
done
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Column 10 of a row is the server's CPU per frame in µs.
median() { grep "| metrics $1," "$WORK/rows" | awk -F'|' '{print $10+0}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
OFF=$(median off)
ON=$(median on)
awk -v on="$ON" -v off="$OFF" 'BEGIN { printf "Server CPU per frame, median of the rounds: metrics off %d µs, on %d µs: %+.1f%%\n", off, on, (on - off) / off * 100 }'

echo "A sample scrape (imagestream_* and the process's CPU):"
curl -s "$METRICS" | grep -E '^(# (HELP|TYPE) )?(imagestream_|process_cpu)' | grep -v '_bucket{.*le="[0-9.E-]*"' || true
