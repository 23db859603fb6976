#!/usr/bin/env bash
# End-to-end check of the Linux installers on this machine (needs root, Debian/Ubuntu):
# builds both .deb files, installs the agent, runs the installed launcher headless against a
# real server, sees it listed and downloads its file, then installs the admin package and runs
# its launcher's CLI 'list', and finally removes both and checks nothing is left behind.
#   packaging/test-deb.sh            (builds first)
#   SKIP_BUILD=1 packaging/test-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=18282
start=$(date +%s)
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -Pinstallers -DskipTests package
fi
built=$(date +%s)
agent_deb=$(ls packaging/target/installers/remotefetch-agent_*.deb)
admin_deb=$(ls packaging/target/installers/remotefetch-admin_*.deb)

work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

java -jar server-javalin/target/remotefetch-server.jar --port "$PORT" > "$work/server.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done

echo "== installing $agent_deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$agent_deb" >/dev/null
[ -x /opt/remotefetch-agent/bin/remotefetch-agent ] || fail "agent launcher missing"
[ -f /etc/xdg/autostart/remotefetch-agent.desktop ] || fail "XDG autostart entry missing"
grep -q "^Exec=/opt/remotefetch-agent/bin/remotefetch-agent" /etc/xdg/autostart/remotefetch-agent.desktop || fail "autostart Exec"

echo "RemoteFetch via the installed agent" > "$work/file_to_download.txt"
FILE_PATH="$work/file_to_download.txt" CLIENT_ID=deb_restaurant SERVER_URL="http://127.0.0.1:$PORT" XDG_CONFIG_HOME="$work/config" \
  XDG_STATE_HOME="$work/state" /opt/remotefetch-agent/bin/remotefetch-agent --headless > "$work/agent.log" 2>&1 & pids+=($!)
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/api/clients" | grep -q deb_restaurant && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$PORT/api/clients" | grep -q '"clients":\["deb_restaurant"\]' || fail "installed agent not listed"
got=$(curl -fs "http://127.0.0.1:$PORT/api/download/deb_restaurant")
[ "$got" = "RemoteFetch via the installed agent" ] || fail "download through the installed agent: '$got'"
[ -f "$work/state/remotefetch/logs/agent.log" ] || fail "agent log file not in XDG_STATE_HOME"
echo "   agent listed, file downloaded, log at \$XDG_STATE_HOME/remotefetch/logs"

echo "== installing $admin_deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$admin_deb" >/dev/null
[ -x /opt/remotefetch-admin/bin/remotefetch-admin ] || fail "admin launcher missing"
grep -q "^Exec=/opt/remotefetch-admin/bin/remotefetch-admin" /usr/share/applications/remotefetch-admin.desktop \
  || fail "admin menu entry missing"
[ -f /usr/share/icons/hicolor/128x128/apps/remotefetch-admin.png ] || fail "admin icon missing"
listed=$(/opt/remotefetch-admin/bin/remotefetch-admin --server "http://127.0.0.1:$PORT" list 2>/dev/null)
[ "$listed" = "deb_restaurant" ] || fail "installed admin CLI list: '$listed'"
echo "   admin CLI lists: $listed"

kill "${pids[1]}" 2>/dev/null || true
echo "== removing both"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq remotefetch-agent remotefetch-admin >/dev/null
[ ! -e /opt/remotefetch-agent ] || fail "/opt/remotefetch-agent left behind"
[ ! -e /opt/remotefetch-admin ] || fail "/opt/remotefetch-admin left behind"
[ ! -e /etc/xdg/autostart/remotefetch-agent.desktop ] || fail "autostart entry left behind"
[ ! -e /usr/bin/remotefetch-agent ] || fail "/usr/bin/remotefetch-agent left behind"
[ ! -e /usr/share/applications/remotefetch-admin.desktop ] || fail "admin menu entry left behind"
end=$(date +%s)
echo "sizes: $(du -h "$agent_deb" | cut -f1) agent .deb, $(du -h "$admin_deb" | cut -f1) admin .deb"
echo "build: $((built - start)) s, install+run+remove: $((end - built)) s"
echo "PASS"
