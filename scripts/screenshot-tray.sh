#!/usr/bin/env bash
# Screenshot of the agent's real tray icon with its menu open, under Xvfb with the `trayer` tray
# host: writes docs/images/agent-tray.png. Installs xvfb, trayer, xdotool and imagemagick if
# missing (Debian). Run from anywhere: scripts/screenshot-tray.sh
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for c in Xvfb:xvfb trayer:trayer xdotool:xdotool import:imagemagick; do
  command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c##*:}")
done
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -f server-javalin/target/remotefetch-server.jar ] && [ -f agent-tray/target/remotefetch-agent.jar ] \
  || ./mvnw -B -q -DskipTests package

work="$(mktemp -d)"
PORT=18181
DISP=:77
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

Xvfb "$DISP" -screen 0 800x500x24 >/dev/null 2>&1 & pids+=($!)
export DISPLAY="$DISP"
for _ in $(seq 1 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done 2>/dev/null || sleep 1
xsetroot -solid '#3b4252' 2>/dev/null || true
trayer --edge top --align right --widthtype pixel --width 120 --height 32 --transparent false \
  --tint 0x2e3440 --SetDockType true >/dev/null 2>&1 & pids+=($!)

java -jar server-javalin/target/remotefetch-server.jar --port "$PORT" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$work/exports"
head -c 180000000 /dev/urandom > "$work/exports/sales-2026-11.csv"
printf 'Menu\n' > "$work/exports/menu.pdf"
cat > "$work/agent.properties" <<CFG
client_id=restaurant_sf
server_url=http://127.0.0.1:$PORT
files=$work/exports/sales-2026-11.csv;$work/exports/menu.pdf
CFG
java -Dsun.java2d.xrender=false -Dremotefetch.logDir="$work/logs" -jar agent-tray/target/remotefetch-agent.jar \
  --config "$work/agent.properties" > "$work/agent.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/api/clients" | grep -q restaurant_sf && break; sleep 0.1; done

# One finished transfer for the menu, and one running (slowly) so the icon shows "transferring".
curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/download/restaurant_sf/menu.pdf"
curl -fs -o /dev/null --limit-rate 2M "http://127.0.0.1:$PORT/api/download/restaurant_sf/sales-2026-11.csv" & pids+=($!)
sleep 5

# Click the tray icon (trayer sits top right) to open the menu, then hover "Last transfers".
xdotool mousemove 785 16 click 1
sleep 2
# Hover "Last transfers" so its submenu shows the running and the finished transfer.
xdotool mousemove 700 85
sleep 2
import -window root "$work/shot.png"
convert "$work/shot.png" -crop 800x260+0+0 +repage docs/images/agent-tray.png
echo "wrote docs/images/agent-tray.png"
