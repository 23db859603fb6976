#!/usr/bin/env bash
# Screenshot of the real admin window mid-download, under Xvfb with JavaFX's GTK glass:
# writes docs/images/admin-desktop.png and docs/images/admin-collect.png. Installs xvfb and libgtk-3-0 if missing (Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
Xvfb :78 -screen 0 1280x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=:78 ./mvnw -B -q install -DskipTests
DISPLAY=:78 ./mvnw -B -pl admin-desktop test -Dtest=AdminScreenshotTest \
  -Dremotefetch.screenshot="$PWD/docs/images/admin-desktop.png" \
  -Dsurefire.argLine="-Xmx1g -Dtestfx.robot=glass -Dprism.order=sw" | grep -E "Tests run|ERROR" || true
ls -la docs/images/admin-desktop.png docs/images/admin-collect.png
