# Sourced by bench/run-all.sh and scripts/soak.sh before they move to the project folder: reads
# their one option, --frames DIR (a folder of your own JPEG photos), into the array FRAMES_OPTION
# (empty without it: the tools then make their own frames), with DIR as an absolute path.
# $USAGE is the script's usage line.
FRAMES_OPTION=()
if [ $# -gt 0 ]; then
  if [ $# -ne 2 ] || [ "$1" != --frames ]; then
    echo "$USAGE" >&2
    exit 2
  fi
  [ -d "$2" ] || { echo "No such folder: $2" >&2; exit 2; }
  FRAMES_OPTION=(--frames "$(cd "$2" && pwd)")
fi
