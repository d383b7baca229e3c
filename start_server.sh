#!/usr/bin/env bash
# Starts both Image Stream servers: builds the project on first run (or after a source change),
# starts the WebSocket server, waits until it accepts connections, starts the page server and
# prints the URL to open. Ctrl-C (or SIGTERM) stops both.
set -euo pipefail
cd "$(dirname "$0")"

JAR=target/image-stream.jar
CLASSPATH_ARG="$JAR:target/lib/*"
# The frame server's heap is committed and touched at start, with a fixed young generation, so
# its memory does not drift as G1 tunes itself (see the README's soak figures). The page server
# serves one small page.
JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"}
PAGE_JAVA_OPTS=${PAGE_JAVA_OPTS:-"-Xmx64m"}
# A server out of memory exits (status 3, one line) rather than running on with dead threads;
# the loop below then stops the other one. Given first, so JAVA_OPTS can still turn it off.
ALWAYS_OPTS="-XX:+ExitOnOutOfMemoryError"

if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; then
  echo "Building Image Stream (first run, or the sources changed)..."
  mvn -B -q -DskipTests package
fi

READY_DIR=$(mktemp -d)
WS_PID=""
HTTP_PID=""

stop_servers() {
  trap - INT TERM EXIT
  [ -n "$HTTP_PID" ] && kill -TERM "$HTTP_PID" 2>/dev/null || true
  [ -n "$WS_PID" ] && kill -TERM "$WS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$READY_DIR"
}
trap 'stop_servers; exit 0' INT TERM
trap stop_servers EXIT

# Waits for a server's ready file; fails if the server exits first or takes over 30 s.
wait_until_ready() { # pid file name
  for _ in $(seq 300); do
    [ -s "$2" ] && return 0
    if ! kill -0 "$1" 2>/dev/null; then
      echo "The $3 could not start; see the message above." >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "The $3 did not start within 30 s." >&2
  exit 1
}

# shellcheck disable=SC2086 # JAVA_OPTS holds several options
IMAGESTREAM_READY_FILE="$READY_DIR/ws" java $ALWAYS_OPTS $JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.ws.FrameServerMain &
WS_PID=$!
wait_until_ready "$WS_PID" "$READY_DIR/ws" "WebSocket server"

# shellcheck disable=SC2086
IMAGESTREAM_READY_FILE="$READY_DIR/http" java $ALWAYS_OPTS $PAGE_JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.http.PageServerMain &
HTTP_PID=$!
wait_until_ready "$HTTP_PID" "$READY_DIR/http" "page server"

echo
echo "Image Stream is running. Open $(cat "$READY_DIR/http") in your browser."
echo "Press Ctrl-C to stop both servers."

# Sleeping in the background keeps the shell free to run the trap as soon as a signal comes.
while kill -0 "$WS_PID" 2>/dev/null && kill -0 "$HTTP_PID" 2>/dev/null; do
  sleep 1 &
  wait $! || true
done
echo "A server stopped; stopping the other one." >&2
exit 1
