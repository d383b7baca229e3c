#!/usr/bin/env bash
# What libjpeg-turbo itself costs on this machine, without Java: the pixel path (decode to gray,
# encode gray) against the lossless gray transform the server uses for same-size frames, in C,
# on the photos of a frames folder. The transcode's ratio in the Java pipeline cannot go below
# the transform's ratio here. Needs gcc and libturbojpeg0.
#
#   bench/turbojpeg-floor.sh                    # ../shared/frames, 320x240 to 1280x720
#   bench/turbojpeg-floor.sh --frames ~/photos  # your own NAME_WxH.jpg frames
set -euo pipefail
cd "$(dirname "$0")/.."

FRAMES=../shared/frames
if [ "${1:-}" = --frames ]; then
  FRAMES=${2:?"--frames needs a folder"}
fi
LIBRARY=$(/sbin/ldconfig -p | awk '/libturbojpeg\.so\.0 /{print $NF; exit}')
if [ -z "$LIBRARY" ]; then
  echo "libturbojpeg.so.0 is not installed (Debian: apt-get install libturbojpeg0)." >&2
  exit 1
fi
if [ ! -d "$FRAMES" ]; then
  echo "No frames folder at $FRAMES (give one with --frames DIR)." >&2
  exit 1
fi
BINARY=$(mktemp)
trap 'rm -f "$BINARY"' EXIT
gcc -O2 -o "$BINARY" bench/turbojpeg-floor.c "$LIBRARY"

echo "Machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
  "load average: $(cut -d' ' -f1-3 /proc/loadavg); $LIBRARY"
"$BINARY" "$FRAMES" 320x240 640x480 1280x720
