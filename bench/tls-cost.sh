#!/usr/bin/env bash
# What TLS costs the frame server: two frame servers on 127.0.0.1, one plain (ws:) and one with
# TLS=self-signed (wss:), both running for the whole benchmark, and the load client against each
# in turns: 640x480 frames answered at 320x240, 8 connections. Prints the machine, the load
# average, one table row per turn (server CPU per frame among them) and the two means, with and
# without the CPU time of the servers' JIT compiler threads.
#
# The turns alternate, so that a machine whose speed drifts (a shared VM) affects both sides
# alike; each turn's load client warms up its own JVM first. The first WARMUP_ROUNDS rounds are
# shown but left out of the means: the JIT compiles TLS's code (the JDK's TLS engine, the key
# exchange of every new connection, AES-GCM, tls-channel) for longer than the plain path's, and a
# long-running server has paid that once.
#
#   bench/tls-cost.sh                          # 2 + 5 rounds of 10 s each way, about 4 minutes
#   ROUNDS=8 MEASURE=15 CONNECTIONS=4 bench/tls-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/server-processes.sh
build_if_needed
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-8}
MEASURE=${MEASURE:-10}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
WORK=$(mktemp -d)
PLAIN_PID=""
TLS_PID=""
trap 'stop_processes "$PLAIN_PID" "$TLS_PID"; rm -rf "$WORK"' EXIT

# Starts a frame server with TLS=$1 (off or self-signed); its address goes to $WORK/$1.url.
start_server() { # tls
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 SERVER_WIDTH=320 SERVER_HEIGHT=240 \
    PROCESSING=grayscale TLS=$1 XDG_CACHE_HOME="$WORK/cache" IMAGESTREAM_READY_FILE="$WORK/$1.url" \
    java $ALWAYS_OPTS $JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.ws.FrameServerMain 2>>"$WORK/server.log" &
  STARTED_PID=$!
  wait_until_ready "$STARTED_PID" "$WORK/$1.url" "frame server"
}

# Runs the load client against the server with TLS=$1 (pid $2) for MEASURE seconds after 3
# seconds of warm-up; its row, labelled $3, goes to $WORK/rows. With TLS it trusts that server's
# certificate only.
load() { # tls pid label
  local trust=()
  if [ "$1" != off ]; then
    trust=(-Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
  fi
  java ${trust[@]+"${trust[@]}"} -cp "$CLASSPATH_ARG" imagestream.bench.LoadClient \
    --url "$(cat "$WORK/$1.url")" --connections "$CONNECTIONS" --size 640x480 --pid "$2" \
    --warmup 3 --seconds "$MEASURE" --row "$3" | tail -n 1 >>"$WORK/rows"
}

echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
start_server off
PLAIN_PID=$STARTED_PID
start_server self-signed
TLS_PID=$STARTED_PID
keytool -importcert -noprompt -alias server -storetype PKCS12 -storepass changeit \
  -keystore "$WORK/trust.p12" -file "$WORK/cache/image-stream/tls/certificate.pem" >/dev/null

java -cp "$CLASSPATH_ARG" imagestream.bench.LoadClient --row-header >"$WORK/rows"
for round in $(seq "$WARMUP_ROUNDS"); do
  load off "$PLAIN_PID" "warm-up: ws (plain), round $round"
  load self-signed "$TLS_PID" "warm-up: wss (TLS), round $round"
done
for round in $(seq "$ROUNDS"); do
  load off "$PLAIN_PID" "ws (plain), 640x480->320x240, $CONNECTIONS connections, turn $round"
  load self-signed "$TLS_PID" "wss (TLS), 640x480->320x240, $CONNECTIONS connections, turn $round"
done
cat "$WORK/rows"
# Columns 10 and 13 of a row (after the leading "|"): the server's CPU per frame, and the part
# of it its JIT compiler threads used.
awk -F'|' '/^\| ws /{p+=$10; pj+=$13; n++} /^\| wss /{t+=$10; tj+=$13; m++}
  END {if (n && m) {
    printf "Mean server CPU per frame: ws %.0f µs, wss %.0f µs: TLS costs %+.1f%%\n", p/n, t/m, (t/m)/(p/n)*100-100
    printf "Without the JIT compiling: ws %.0f µs, wss %.0f µs: TLS costs %+.1f%%\n", (p-pj)/n, (t-tj)/m, ((t-tj)/m)/((p-pj)/n)*100-100}}' \
  "$WORK/rows"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
