#!/usr/bin/env bash
# The real window under a virtual X server, driven with xdotool: first start
# by clicking and by typing a name, then annotating with mouse and keys, and
# the files on disk checked (see drive.py). Needs Xvfb, xdotool and
# ImageMagick's `import` (Debian: xvfb xdotool imagemagick) and a built binary
# (SPANWRIGHT_BIN, default $CARGO_TARGET_DIR/debug/spanwright, else
# target/debug/spanwright).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in Xvfb xdotool import python3; do
    command -v "$tool" >/dev/null || { echo "real window: $tool is not installed" >&2; exit 2; }
done

# The first free display number from :90 on.
display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do
    display=$((display + 1))
done
export DISPLAY=":$display"
Xvfb "$DISPLAY" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT

deadline=$((SECONDS + 30))
until xdotool getdisplaygeometry >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "real window: Xvfb did not start on $DISPLAY" >&2
        exit 1
    fi
    sleep 0.2
done

python3 tests/real_window/drive.py
