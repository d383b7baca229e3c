#!/usr/bin/env bash
# Soak test: starts the real WebSocket server as start_server.sh does (same JVM options, the
# project's .env, real environment variables override it), sends 100,000 frames at 640x480 over
# 8 connections, and fails if any frame goes wrong or the server's resident memory (RSS) after
# the run is more than 10% above its RSS after the first 10,000 frames.
#
#   scripts/soak.sh                                   # the defaults
#   FRAMES=20000 CONNECTIONS=4 scripts/soak.sh        # shorter
#   SERVER_WIDTH=320 SERVER_HEIGHT=240 scripts/soak.sh
#   scripts/soak.sh --frames ~/photos                 # your own JPEG photos
#
# Without --frames DIR the frames are made in code. Linux and macOS.
set -euo pipefail
USAGE="Usage: [FRAMES=N] [CONNECTIONS=N] scripts/soak.sh [--frames DIR]"
. "$(dirname "$0")/frames-option.sh"
cd "$(dirname "$0")/.."

FRAMES=${FRAMES:-100000}
CONNECTIONS=${CONNECTIONS:-8}
JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"} # as start_server.sh
CLASSPATH_ARG="target/image-stream.jar:target/lib/*"

echo "Building (main and test classes)..."
mvn -B -q -DskipTests package

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086 # JAVA_OPTS holds several options
# Every connection comes from 127.0.0.1: the per-address limit out of the way.
HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 IMAGESTREAM_READY_FILE="$WORK/ready" \
  java $JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.ws.FrameServerMain 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 300); do
  [ -s "$WORK/ready" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$WORK/ready" ] || { echo "The server did not start within 30 s" >&2; exit 1; }
grep "ready" "$WORK/server.log" || true

status=0
java -cp "target/test-classes:$CLASSPATH_ARG" imagestream.soak.SoakClient \
  "$(cat "$WORK/ready")" "$SERVER_PID" "$FRAMES" "$CONNECTIONS" ${FRAMES_OPTION[@]+"${FRAMES_OPTION[@]}"} \
  || status=$?

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || status=1
SERVER_PID=""
problems=$(grep -cE "\[(WARN|ERROR)\]" "$WORK/server.log" || true)
grep -E "stopped|\[(WARN|ERROR)\]" "$WORK/server.log" | head -20
echo "Server warnings and errors: $problems"
[ "$problems" -eq 0 ] || status=1
exit "$status"
