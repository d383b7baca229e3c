#!/usr/bin/env bash
# Measures how frame servers behind nginx scale on this machine: one frame server pinned to one
# core against two pinned to one core each (taskset), started by scripts/cluster.sh and loaded by
# the same load client through nginx, first with plain http, then with TLS at nginx (its
# self-signed certificate) for what TLS costs nginx. The set-ups alternate, ROUNDS times each;
# each round's figures are printed as table rows, then the medians' ratio and nginx's own CPU per
# frame.
#
#   bench/cluster-scaling.sh                      # 3 rounds of 20 s each, 8 connections, 640x480
#   ROUNDS=1 MEASURE=10 bench/cluster-scaling.sh  # quicker, noisier
#
# The load client and nginx run on the same cores as the frame servers (a 2-core machine has no
# third): with two frame servers they compete with them, so the ratio is what this machine gives,
# not what two machines would. The frame servers answer 320x240 gray frames.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
MEASURE=${MEASURE:-20}
CONNECTIONS=${CONNECTIONS:-8}
SIZE=${SIZE:-640x480}
. scripts/server-processes.sh # stop_processes
CP="$CLASSPATH_ARG"
WORK=$(mktemp -d)
CLUSTER_PID=""

stop_cluster() {
  stop_processes "$CLUSTER_PID"
  CLUSTER_PID=""
}
trap 'stop_cluster; rm -rf "$WORK"' EXIT

# Starts cluster.sh with $1 pinned frame servers and PUBLIC_TLS=$2; sets URL, FRAME_PIDS
# (comma-separated), NGINX_PID, and TRUST (the JVM options trusting nginx's certificate).
start_cluster() {
  local base=$((20000 + RANDOM % 20000)) cert
  FRAME_SERVERS=$1 PIN_FRAME_SERVERS=1 PUBLIC_TLS=$2 HOST=127.0.0.1 WS_PORT=$base \
    HTTP_PORT=$((base + 10)) PUBLIC_PORT=$((base + 11)) SERVER_WIDTH=320 SERVER_HEIGHT=240 \
    PROCESSING=grayscale scripts/cluster.sh >"$WORK/cluster.log" 2>&1 &
  CLUSTER_PID=$!
  for _ in $(seq 600); do
    if grep -q "in your browser" "$WORK/cluster.log"; then
      URL=$(sed -n 's|.*Open http\(s\{0,1\}\)://\(.*\)/client.html in your browser.*|ws\1://\2/ws|p' \
        "$WORK/cluster.log")
      FRAME_PIDS=$(sed -n 's/^Frame server .*(pid \([0-9]*\))$/\1/p' "$WORK/cluster.log" | paste -sd, -)
      NGINX_PID=$(sed -n 's/^nginx: pid \([0-9]*\),.*/\1/p' "$WORK/cluster.log")
      TRUST=()
      cert=$(sed -n 's/^nginx presents the certificate \(.*\) (SHA-256.*/\1/p' "$WORK/cluster.log")
      if [ -n "$cert" ]; then
        rm -f "$WORK/trust.p12"
        keytool -importcert -noprompt -alias nginx -file "$cert" -keystore "$WORK/trust.p12" \
          -storetype PKCS12 -storepass changeit >/dev/null
        TRUST=(-Djavax.net.ssl.trustStore="$WORK/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
      fi
      return 0
    fi
    kill -0 "$CLUSTER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "cluster.sh did not start:" >&2
  cat "$WORK/cluster.log" >&2
  exit 1
}

echo "== Building"
mvn -B -q -DskipTests package

echo "== Machine"
MACHINE="nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
echo "$MACHINE; load average: $(cut -d' ' -f1-3 /proc/loadavg); $(/usr/sbin/nginx -v 2>&1 || nginx -v 2>&1)"

: >"$WORK/rows"
: >"$WORK/figures"
for round in $(seq "$ROUNDS"); do
  for setup in "1 off" "2 off" "1 self-signed" "2 self-signed"; do
    read -r servers tls <<<"$setup"
    if [ "$tls" = off ]; then label="$servers frame server(s), http"; else label="$servers frame server(s), TLS at nginx"; fi
    echo "== Round $round: $label, each pinned to one core, $CONNECTIONS connections through nginx"
    start_cluster "$servers" "$tls"
    java ${TRUST[@]+"${TRUST[@]}"} -cp "$CP" imagestream.bench.LoadClient --url "$URL" \
      --connections "$CONNECTIONS" --size "$SIZE" --warmup 3 --seconds "$MEASURE" \
      --pid "$FRAME_PIDS" --proxy-pid "$NGINX_PID" --row "$label, round $round" | tee "$WORK/last"
    proxy=$(sed -n 's/^Proxy CPU\/frame: *\([0-9.]*\) µs.*/\1/p' "$WORK/last")
    echo "$servers-$tls $(tail -n 1 "$WORK/last" | cut -d'|' -f3 | xargs) $proxy" >>"$WORK/figures"
    tail -n 1 "$WORK/last" >>"$WORK/rows"
    stop_cluster
    echo
  done
done

echo "== Summary (the frame servers' CPU summed; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
{ java -cp "$CP" imagestream.bench.LoadClient --row-header; cat "$WORK/rows"; }
# Medians per set-up: frames/s and nginx's µs per frame.
awk '
  { fps[$1] = fps[$1] " " $2; nginx[$1] = nginx[$1] " " $3 }
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    for (t = 1; t <= 2; t++) {
      tls = t == 1 ? "off" : "self-signed"
      one = median(fps["1-" tls]); two = median(fps["2-" tls])
      printf "%s: median frames/s %.0f with 1 frame server, %.0f with 2: ratio %.2f;", \
        t == 1 ? "http" : "TLS at nginx", one, two, two / one
      printf " nginx CPU per frame %.0f and %.0f µs\n", median(nginx["1-" tls]), median(nginx["2-" tls])
    }
  }' "$WORK/figures"
