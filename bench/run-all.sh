#!/usr/bin/env bash
# Measures every figure of docs/PERFORMANCE.md on this machine and prints them: the machine,
# the pipeline benchmark (plain path against ours), the step profile, the heavier chains
# (faces, the test models), the load client against a real server on 127.0.0.1 in each
# scenario, and the start-up time; then draws the chart docs/performance.png from them.
#
#   bench/run-all.sh                       # everything, about 13 minutes
#   QUICK=1 bench/run-all.sh               # shorter runs, about 5 minutes, noisier figures
#   bench/run-all.sh --frames ~/photos     # your own JPEG photos instead of frames made in code
set -euo pipefail
USAGE="Usage: [QUICK=1] bench/run-all.sh [--frames DIR]"
. "$(dirname "$0")/../scripts/frames-option.sh"
cd "$(dirname "$0")/.."

JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"} # as start_server.sh
if [ -n "${QUICK:-}" ]; then
  BENCH_ARGS="--quick" WARMUP=2 MEASURE=5 LONG=20
else
  BENCH_ARGS="" WARMUP=3 MEASURE=20 LONG=60
fi
CP="target/image-stream.jar:target/lib/*"
CHART=docs/performance.png
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
# SERVER_JPG_COMPRESSION=$4 (default 0.6, the frames' own quality); sets URL, and CODEC to the
# codec it logs (TurboJPEG or OpenCV).
start_server() {
  rm -f "$WORK/ready"
  # Every connection of the load client comes from 127.0.0.1: the per-address limit out of the way.
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  HOST=127.0.0.1 WS_PORT=0 MAX_CONNECTIONS_PER_ADDRESS=50 SERVER_WIDTH=$1 SERVER_HEIGHT=$2 \
    SERVER_JPG_COMPRESSION=${4:-0.6} \
    PROCESSING=grayscale JPEG_CODEC=$3 IMAGESTREAM_READY_FILE="$WORK/ready" \
    java $JAVA_OPTS -cp "$CP" imagestream.ws.FrameServerMain 2>>"$WORK/server.log" &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if [ -s "$WORK/ready" ]; then
      URL=$(cat "$WORK/ready")
      CODEC=$(sed -n 's/.*JPEG codec: \([A-Za-z]*\).*/\1/p' "$WORK/server.log" | tail -n 1)
      return 0
    fi
    sleep 0.1
  done
  echo "The server did not start; its log:" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

# One load client run against the running server; prints its table row into $WORK/rows.
load() { # label (the server's codec is added to it), then load client options
  local label="$1, $CODEC"
  shift
  java -cp "$CP" imagestream.bench.LoadClient --url "$URL" ${FRAMES_OPTION[@]+"${FRAMES_OPTION[@]}"} \
    --pid "$SERVER_PID" --warmup "$WARMUP" --row "$label" "$@" | tee "$WORK/last"
  tail -n 1 "$WORK/last" >>"$WORK/rows"
  echo
}

echo "== Building"
mvn -B -q -DskipTests package

echo "== Machine"
MACHINE="nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$MACHINE; load average: $LOAD_START; $(java -version 2>&1 | head -n 1)"

# The JMH options in one string (exec:exec splits it, honouring the quotes).
JMH_FRAMES=""
[ ${#FRAMES_OPTION[@]} -eq 0 ] || JMH_FRAMES="--frames '${FRAMES_OPTION[1]}'"

echo "== Pipeline benchmark (JMH, one worker, median µs per frame)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet $JMH_FRAMES $BENCH_ARGS" \
  | tee "$WORK/pipeline.md"

echo "== Profile of our path, step by step (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --steps $JMH_FRAMES --quick"

echo "== Heavier chains: faces and the test models, one worker, median µs per frame (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --processing $JMH_FRAMES --quick"

echo "== Same-size gray frames: TurboJPEG's pixel paths against the server's transcode (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --transcode $JMH_FRAMES $BENCH_ARGS"

echo "== OpenCV's own threads (Core.setNumThreads), one and two workers (JMH)"
mvn -B -q -Pbench test-compile exec:exec -Dbench.args="--quiet --opencv-threads --quick \
  $JMH_FRAMES --cases 1280x720->640x480,640x480->640x480"

echo "== Load client against the server on 127.0.0.1 (quality 0.6)"
: >"$WORK/rows"
start_server 640 480 auto
grep -h "JPEG codec" "$WORK/server.log" | tail -n 1
load "640x480->640x480, 1 connection" --connections 1 --size 640x480 --seconds "$MEASURE"
load "640x480->640x480, 8 connections" --connections 8 --size 640x480 --seconds "$MEASURE"
load "640x480->640x480, 1 connection + 4 flood at 250 fps" --connections 1 --flood 4 \
  --flood-fps 250 --size 640x480 --seconds "$MEASURE"
load "1280x720->640x480, 8 connections" --connections 8 --size 1280x720 --seconds "$MEASURE"
load "640x480->640x480, 8 connections for ${LONG} s" --connections 8 --size 640x480 --seconds "$LONG"
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
load "640x480->640x480, 8 connections" --connections 8 --size 640x480 --seconds "$MEASURE"
load "1280x720->640x480, 8 connections" --connections 8 --size 1280x720 --seconds "$MEASURE"
stop_server
start_server 40 30 opencv
load "40x30->40x30, 8 connections" --connections 8 --size 40x30 --seconds "$MEASURE"
stop_server
grep -h "Dropped" "$WORK/server.log" | tail -n 3 || true

echo "== Start-up: launching the WebSocket server to its first answered frame"
java -cp "$CP" imagestream.bench.StartupTimer --runs 5 ${FRAMES_OPTION[@]+"${FRAMES_OPTION[@]}"} \
  --java-opts "$JAVA_OPTS"

echo
echo "== Load client summary (the server's codec ends each label)"
{ java -cp "$CP" imagestream.bench.LoadClient --row-header; cat "$WORK/rows"; } | tee "$WORK/load.md"

echo
echo "== Chart"
NOTE="bench/run-all.sh${QUICK:+ (QUICK=1)} on $(date +%Y-%m-%d): $MACHINE, load average"
NOTE="$NOTE $LOAD_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end;"
if [ ${#FRAMES_OPTION[@]} -eq 0 ]; then
  NOTE="$NOTE frames made in code"
else
  NOTE="$NOTE photos of ${FRAMES_OPTION[1]##*/}/"
fi
mvn -B -q -Pbench test-compile exec:exec -Dbench.main=imagestream.bench.PerformanceChart \
  -Dbench.args="--pipeline '$WORK/pipeline.md' --load '$WORK/load.md' --out '$CHART' --note '$NOTE'"
