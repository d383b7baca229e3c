#!/usr/bin/env bash
# What TLS costs the frame server: the load client against it on 127.0.0.1, plain (ws:) and with
# TLS=self-signed (wss:), in turns, 640x480 frames answered at 320x240, 8 connections; prints the
# machine, the load average and one table row per run (server CPU per frame among them).
#
#   bench/tls-cost.sh            # 3 turns of 20 s each way, about 3 minutes
#   ROUNDS=1 MEASURE=10 bench/tls-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"} # as start_server.sh
ROUNDS=${ROUNDS:-3}
MEASURE=${MEASURE:-20}
CP="target/image-stream.jar:target/lib/*"
WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

# Starts the frame server with TLS=$1 (off or self-signed); sets URL and SERVER_PID.
start_server() {
  rm -f "$WORK/ready"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 SERVER_WIDTH=320 SERVER_HEIGHT=240 \
    PROCESSING=grayscale TLS=$1 XDG_CACHE_HOME="$WORK/cache" IMAGESTREAM_READY_FILE="$WORK/ready" \
    java $JAVA_OPTS -cp "$CP" imagestream.ws.FrameServerMain 2>>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if [ -s "$WORK/ready" ]; then
      URL=$(cat "$WORK/ready")
      return 0
    fi
    sleep 0.1
  done
  echo "The server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

load() { # label, then JVM options for the load client
  local label="$1"
  shift
  java "$@" -cp "$CP" imagestream.bench.LoadClient --url "$URL" --connections 8 --size 640x480 \
    --pid "$SERVER_PID" --warmup 3 --seconds "$MEASURE" --row "$label" | tail -n 1 >>"$WORK/rows"
}

[ -f target/image-stream.jar ] || mvn -B -q -DskipTests package

echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" imagestream.bench.LoadClient --row-header >"$WORK/rows"
for round in $(seq "$ROUNDS"); do
  start_server off
  load "ws (plain), 640x480->320x240, 8 connections, turn $round"
  stop_server
  start_server self-signed
  # The load client trusts the certificate the server made, and nothing else.
  rm -f "$WORK/trust.p12"
  keytool -importcert -noprompt -alias server -storetype PKCS12 -storepass changeit \
    -keystore "$WORK/trust.p12" -file "$WORK/cache/image-stream/tls/certificate.pem" >/dev/null
  load "wss (TLS), 640x480->320x240, 8 connections, turn $round" \
    -Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit
  stop_server
done
cat "$WORK/rows"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
