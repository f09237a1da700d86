#!/bin/sh
# Renders the mock screens (*.html here) to the PNGs the example's screens registry shows,
# with headless Chromium at 960 × 540 pixels. Run it from anywhere after editing a mock:
#   examples/screens/mock/render.sh
# The boxes in content/labels/demo-portal.yaml are in these pixels: the mocks place every
# element they point at by absolute position, so they stay true.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../content/labels/demo-portal"
mkdir -p "$out"
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
for page in login search; do
  "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --disable-background-networking --force-device-scale-factor=1 \
    --window-size=960,540 --screenshot="$out/$page.png" "file://$here/$page.html" 2>/dev/null
done
