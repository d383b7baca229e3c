#!/usr/bin/env bash
# Measures every figure of the README's Performance section on this machine and prints them:
# the machine, the pipeline benchmark (plain path against ours), the step profile, the load
# client against a real server on 127.0.0.1 in each scenario, and the start-up time.
#
#   bench/run-all.sh                 # everything, about 13 minutes
#   QUICK=1 bench/run-all.sh         # shorter runs, about 5 minutes, noisier figures
#   FRAMES=/my/photos bench/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."

FRAMES=${FRAMES:-../shared/frames}
JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"} # as start_server.sh
if [ -n "${QUICK:-}" ]; then
  BENCH_ARGS="--quick" WARMUP=2 MEASURE=5 LONG=20
else
  BENCH_ARGS="" WARMUP=3 MEASURE=20 LONG=60
fi
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

# Starts the frame server on 127.0.0.1, any free port, with SERVER_WIDTH x SERVER_HEIGHT = $1 x $2,
# JPEG_CODEC=$3 (auto: the system's libturbojpeg when it loads, else OpenCV's codec) and
# SERVER_JPG_COMPRESSION=$4 (default 0.6, the quality of the photos).
start_server() {
  rm -f "$WORK/ready"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  HOST=127.0.0.1 WS_PORT=0 SERVER_WIDTH=$1 SERVER_HEIGHT=$2 SERVER_JPG_COMPRESSION=${4:-0.6} \
    PROCESSING=grayscale JPEG_CODEC=$3 IMAGESTREAM_READY_FILE="$WORK/ready" \
    java $JAVA_OPTS -cp "$CP" imagestream.ws.FrameServerMain 2>>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 300); do
    [ -s "$WORK/ready" ] && { URL=$(cat "$WORK/ready"); return 0; }
    sleep 0.1
  done
  echo "The server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

# One load client run against the running server; prints its table row into $WORK/rows.
load() { # label, then load client options
  local label=$1
  shift
  java -cp "$CP" imagestream.bench.LoadClient --url "$URL" --frames "$FRAMES" --pid "$SERVER_PID" \
    --warmup "$WARMUP" --row "$label" "$@" | tee "$WORK/last"
  tail -n 1 "$WORK/last" >>"$WORK/rows"
  echo
}

echo "== Building"
mvn -B -q -DskipTests package

echo "== Machine"
echo "nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -n 1)"

echo "== Pipeline benchmark (JMH, one worker, median µs per frame)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --frames $FRAMES $BENCH_ARGS"

echo "== Profile of our path, step by step (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --steps --frames $FRAMES --quick"

echo "== Same-size gray frames: TurboJPEG's pixel paths against the server's transcode (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --transcode --frames $FRAMES $BENCH_ARGS"

echo "== OpenCV's own threads (Core.setNumThreads), one and two workers (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --opencv-threads --quick \
  --frames $FRAMES --cases 1280x720->640x480,640x480->640x480"

echo "== Load client against the server on 127.0.0.1 (quality 0.6)"
: >"$WORK/rows"
start_server 640 480 auto
grep -h "JPEG codec" "$WORK/server.log" | tail -n 1
load "640x480->640x480, 1 connection" --connections 1 --size 640x480 --seconds "$MEASURE"
load "640x480->640x480, 8 connections" --connections 8 --size 640x480 --seconds "$MEASURE"
load "640x480->640x480, 1 connection + 4 flood at 250 fps" --connections 1 --flood 4 \
  --flood-fps 250 --size 640x480 --seconds "$MEASURE"
load "1280x720->640x480, 8 connections" --connections 8 --size 1280x720 --seconds "$MEASURE"
load "640x480->640x480, 8 connections, ${LONG} s" --connections 8 --size 640x480 --seconds "$LONG"
stop_server
start_server 640 480 auto 0.5
load "640x480->640x480, 8 connections, SERVER_JPG_COMPRESSION=0.5 (requantized)" --connections 8 \
  --size 640x480 --seconds "$MEASURE"
stop_server
start_server 40 30 auto
load "40x30->40x30, 8 connections" --connections 8 --size 40x30 --seconds "$MEASURE"
load "40x30->40x30, 1 connection" --connections 1 --size 40x30 --seconds "$MEASURE"
stop_server
start_server 640 480 opencv
load "JPEG_CODEC=opencv: 640x480->640x480, 8 connections" --connections 8 --size 640x480 \
  --seconds "$MEASURE"
load "JPEG_CODEC=opencv: 1280x720->640x480, 8 connections" --connections 8 --size 1280x720 \
  --seconds "$MEASURE"
stop_server
start_server 40 30 opencv
load "JPEG_CODEC=opencv: 40x30->40x30, 8 connections" --connections 8 --size 40x30 \
  --seconds "$MEASURE"
stop_server
grep -h "Dropped" "$WORK/server.log" | tail -n 3 || true

echo "== Start-up: launching the WebSocket server to its first answered frame"
java -cp "$CP" imagestream.bench.StartupTimer --runs 5 --frames "$FRAMES" --java-opts "$JAVA_OPTS"

echo
echo "== Load client summary"
java -cp "$CP" imagestream.bench.LoadClient --row-header
cat "$WORK/rows"
