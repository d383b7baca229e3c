#!/usr/bin/env bash
# What TLS costs the frame server: the load client against it on 127.0.0.1, plain (ws:) and with
# TLS=self-signed (wss:), in turns, 640x480 frames answered at 320x240, 8 connections; prints the
# machine, the load average and one table row per run (server CPU per frame among them).
#
#   bench/tls-cost.sh            # 3 turns of 20 s each way, about 3 minutes
#   ROUNDS=1 MEASURE=10 bench/tls-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/server-processes.sh
build_if_needed
ROUNDS=${ROUNDS:-3}
MEASURE=${MEASURE:-20}
WORK=$(mktemp -d)
SERVER_PID=""
trap 'stop_processes "$SERVER_PID"; rm -rf "$WORK"' EXIT

# Runs the frame server with TLS=$1 (off or self-signed), then the load client, whose row,
# labelled $2, goes to $WORK/rows. With TLS the load client trusts the server's certificate only.
measure() { # tls label
  local trust=()
  rm -f "$WORK/ready"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 SERVER_WIDTH=320 SERVER_HEIGHT=240 \
    PROCESSING=grayscale TLS=$1 XDG_CACHE_HOME="$WORK/cache" IMAGESTREAM_READY_FILE="$WORK/ready" \
    java $JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.ws.FrameServerMain 2>>"$WORK/server.log" &
  SERVER_PID=$!
  wait_until_ready "$SERVER_PID" "$WORK/ready" "frame server"
  if [ "$1" != off ]; then
    [ -f "$WORK/trust.p12" ] || keytool -importcert -noprompt -alias server -storetype PKCS12 \
      -storepass changeit -keystore "$WORK/trust.p12" \
      -file "$WORK/cache/image-stream/tls/certificate.pem" >/dev/null
    trust=(-Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
  fi
  java ${trust[@]+"${trust[@]}"} -cp "$CLASSPATH_ARG" imagestream.bench.LoadClient --url "$(cat "$WORK/ready")" \
    --connections 8 --size 640x480 --pid "$SERVER_PID" --warmup 3 --seconds "$MEASURE" \
    --row "$2" | tail -n 1 >>"$WORK/rows"
  stop_processes "$SERVER_PID"
  SERVER_PID=""
}

echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CLASSPATH_ARG" imagestream.bench.LoadClient --row-header >"$WORK/rows"
for round in $(seq "$ROUNDS"); do
  measure off "ws (plain), 640x480->320x240, 8 connections, turn $round"
  measure self-signed "wss (TLS), 640x480->320x240, 8 connections, turn $round"
done
cat "$WORK/rows"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
