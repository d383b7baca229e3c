#!/usr/bin/env bash
# Runs Image Stream past one frame server on this machine, behind nginx on one public origin:
# FRAME_SERVERS frame servers (default 2) on WS_PORT .. WS_PORT+N-1 and the page server on
# HTTP_PORT, listening on 127.0.0.1 only, and Debian's (or the system's) nginx on HOST:PUBLIC_PORT
# with TLS, with its own folder and a generated configuration (the system's nginx is untouched).
# Prints the public URL. A frame server that stops is reported and the others carry on: nginx
# sends its pages to them. Ctrl-C (or SIGTERM) stops every process it started.
#
#   scripts/cluster.sh                                  # 2 frame servers, https://HOST:8443
#   FRAME_SERVERS=4 scripts/cluster.sh
#   PUBLIC_TLS=off scripts/cluster.sh                   # plain http on port 8000
#   PUBLIC_TLS=files PUBLIC_CERT=fullchain.pem PUBLIC_KEY=privkey.pem scripts/cluster.sh
#
# PUBLIC_TLS: self-signed (default; the certificate the servers make, kept in the user's cache
# folder), files (PUBLIC_CERT and PUBLIC_KEY, PEM) or off. PUBLIC_PORT: default 8443 with TLS,
# 8000 without. PIN_FRAME_SERVERS=1 runs frame server i on core i-1 only (taskset; for
# measuring). NGINX_BINARY: nginx's path if it is not on PATH. Other settings come from .env as for start_server.sh; WS_PATH, PUBLIC_URL and
# TRUSTED_PROXIES are set for the servers here. docs/DEPLOYING.md explains the set-up.
set -euo pipefail
cd "$(dirname "$0")/.."

NGINX_BINARY=${NGINX_BINARY:-$(command -v nginx || echo /usr/sbin/nginx)}
if [ ! -x "$NGINX_BINARY" ]; then
  echo "nginx is not installed: sudo apt-get install nginx-light (Debian, Ubuntu), sudo dnf install" \
    "nginx (Fedora) or brew install nginx (macOS); or set NGINX_BINARY to its path." >&2
  exit 1
fi

. scripts/server-processes.sh
build_if_needed

RUN=$(mktemp -d "${TMPDIR:-/tmp}/image-stream-cluster.XXXXXX")
# Started as root, nginx's workers run as nobody and must reach their temporary folders here.
chmod 755 "$RUN"
FRAME_PIDS=()
PAGE_PID=""
NGINX_PID=""

stop_all() {
  trap - INT TERM EXIT
  # nginx first, so that no new stream starts; then the servers, which stop gracefully.
  stop_processes "$NGINX_PID" "$PAGE_PID" ${FRAME_PIDS[@]+"${FRAME_PIDS[@]}"}
  rm -rf "$RUN"
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Checks the settings and ports, obtains the certificate, writes $RUN/nginx.conf and $RUN/plan.env.
java -cp "$CLASSPATH_ARG" imagestream.cluster.ClusterPlan --folder "$RUN" \
  --frame-servers "${FRAME_SERVERS:-}" --public-port "${PUBLIC_PORT:-}" --tls "${PUBLIC_TLS:-}" \
  --cert "${PUBLIC_CERT:-}" --key "${PUBLIC_KEY:-}"
# BACKEND_HOST, FRAME_PORTS, HTTP_PORT, PUBLIC_URL, WS_PATH
. "$RUN/plan.env"

# Every server: on the loopback address only, plain (TLS ends at nginx, whatever .env's TLS), the
# page connecting through its own origin, the public origin allowed, and the client named by
# nginx (which connects from 127.0.0.1) believed.
export HOST="$BACKEND_HOST" TLS=off WS_PATH PUBLIC_URL TRUSTED_PROXIES=127.0.0.1

CORES=$(nproc 2>/dev/null || echo 1)
i=0
for port in $FRAME_PORTS; do
  PIN=()
  if [ -n "${PIN_FRAME_SERVERS:-}" ] && command -v taskset >/dev/null; then
    PIN=(taskset -c $((i % CORES)))
  fi
  i=$((i + 1))
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  WS_PORT=$port IMAGESTREAM_READY_FILE="$RUN/frame-server-$i.ready" ${PIN[@]+"${PIN[@]}"} \
    java $ALWAYS_OPTS $JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.ws.FrameServerMain &
  FRAME_PIDS+=($!)
done
# shellcheck disable=SC2086
IMAGESTREAM_READY_FILE="$RUN/page-server.ready" \
  java $ALWAYS_OPTS $PAGE_JAVA_OPTS -cp "$CLASSPATH_ARG" imagestream.http.PageServerMain &
PAGE_PID=$!

i=0
for pid in "${FRAME_PIDS[@]}"; do
  i=$((i + 1))
  wait_until_ready "$pid" "$RUN/frame-server-$i.ready" "frame server $i"
done
wait_until_ready "$PAGE_PID" "$RUN/page-server.ready" "page server"

"$NGINX_BINARY" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" &
NGINX_PID=$!
# nginx writes its pid file once it listens.
for _ in $(seq 100); do
  [ -s "$RUN/nginx.pid" ] && break
  if ! kill -0 "$NGINX_PID" 2>/dev/null; then
    echo "nginx could not start:" >&2
    cat "$RUN/error.log" >&2
    exit 1
  fi
  sleep 0.1
done

echo
i=0
for pid in "${FRAME_PIDS[@]}"; do
  i=$((i + 1))
  echo "Frame server $i of ${#FRAME_PIDS[@]}: $(cat "$RUN/frame-server-$i.ready") (pid $pid)"
done
echo "Page server: $(cat "$RUN/page-server.ready") (pid $PAGE_PID)"
echo "nginx: pid $NGINX_PID, configuration $RUN/nginx.conf, log $RUN/error.log"
echo "Image Stream is running behind nginx. Open $PUBLIC_URL/client.html in your browser."
echo "Press Ctrl-C to stop everything."

# Sleeping in the background keeps the shell free to run the trap as soon as a signal comes.
GONE=()
while true; do
  sleep 1 &
  wait $! || true
  if ! kill -0 "$NGINX_PID" 2>/dev/null || ! kill -0 "$PAGE_PID" 2>/dev/null; then
    echo "$(kill -0 "$NGINX_PID" 2>/dev/null && echo "The page server" || echo nginx) stopped;" \
      "stopping everything." >&2
    exit 1
  fi
  running=0
  i=0
  for pid in "${FRAME_PIDS[@]}"; do
    i=$((i + 1))
    if kill -0 "$pid" 2>/dev/null; then
      running=$((running + 1))
    elif [ -z "${GONE[$i]:-}" ]; then
      GONE[$i]=1
      status=0
      wait "$pid" || status=$?
      echo "Frame server $i (pid $pid) stopped with status $status; nginx sends its pages to the others." >&2
    fi
  done
  if [ "$running" -eq 0 ]; then
    echo "No frame server is left; stopping everything." >&2
    exit 1
  fi
done
