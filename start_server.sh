#!/usr/bin/env bash
# Starts both Image Stream servers: builds the project on first run (or after a source change),
# starts the WebSocket server, waits until it accepts connections, starts the page server and
# prints the URL to open. Ctrl-C (or SIGTERM) stops both.
set -euo pipefail
cd "$(dirname "$0")"

. scripts/server-processes.sh
build_if_needed

READY_DIR=$(mktemp -d)
WS_PID=""
HTTP_PID=""

stop_servers() {
  trap - INT TERM EXIT
  stop_processes "$HTTP_PID" "$WS_PID"
  rm -rf "$READY_DIR"
}
trap 'stop_servers; exit 0' INT TERM
trap stop_servers EXIT

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
