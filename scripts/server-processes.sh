# Sourced by start_server.sh and scripts/cluster.sh, from the project folder: how the servers'
# JVMs are run, the build on first run, and the wait for a server to be ready.
JAR=target/image-stream.jar
CLASSPATH_ARG="$JAR:target/lib/*"
# The frame server's heap is committed and touched at start, with a fixed young generation, so
# its memory does not drift as G1 tunes itself (see the soak figures in docs/PERFORMANCE.md). The page server
# serves one small page.
JAVA_OPTS=${JAVA_OPTS:-"-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch"}
PAGE_JAVA_OPTS=${PAGE_JAVA_OPTS:-"-Xmx64m"}
# A server out of memory exits (status 3, one line) rather than running on with dead threads, so
# the script that started it sees it go. Given first, so JAVA_OPTS can still turn it off.
ALWAYS_OPTS="-XX:+ExitOnOutOfMemoryError"

# Builds the project on first run, or after a source change.
build_if_needed() {
  if [ ! -f "$JAR" ] || [ -n "$(find pom.xml src/main -newer "$JAR" -print -quit)" ]; then
    echo "Building Image Stream (first run, or the sources changed)..."
    mvn -B -q -DskipTests package
  fi
}

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

# Stops the processes given (blank ones are skipped) with SIGTERM, in that order, and waits
# until they have ended.
stop_processes() { # pid...
  local pid
  for pid in "$@"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$@"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
