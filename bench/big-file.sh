#!/usr/bin/env bash
# One very large file end to end, the size the product promises (default 10 GiB): server with
# -Xmx64m, agent with -Xmx96m (as the installers run it), curl piping into sha256sum. Prints the
# SHA-256 check, MB/s, and the peak and sampled RSS of server and agent. Needs SIZE free on disk
# under $TMPDIR. Not part of CI.
#
#   bench/big-file.sh [SIZE_GIB]     (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_GIB="${1:-10}"
PORT=18190

source bench/common.sh
ensure_jars

work="$(mktemp -d)"
server=""
agent=""
sampler=""
cleanup() {
  for pid in $sampler $agent $server; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "creating a $SIZE_GIB GiB file..."
head -c "$((SIZE_GIB * 1024 * 1024 * 1024))" /dev/urandom > "$work/big.bin"
want=$(sha256sum "$work/big.bin" | cut -d' ' -f1)

java -Xmx64m -jar server-javalin/target/remotefetch-server.jar --port "$PORT" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
CLIENT_ID=big SERVER_URL="http://127.0.0.1:$PORT" java -Xmx96m -jar agent-tray/target/remotefetch-agent.jar \
  --headless --file "$work/big.bin" > "$work/agent.log" 2>&1 &
agent=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/api/clients" | grep -q '"big"' && break; sleep 0.1; done

( while kill -0 "$server" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$server/status" >> "$work/rss.txt"; sleep 2; done ) &
sampler=$!
start=$(date +%s.%N)
got=$(curl -fsS "http://127.0.0.1:$PORT/api/download/big" | sha256sum | cut -d' ' -f1)
end=$(date +%s.%N)

[ "$got" = "$want" ] && echo "SHA-256 verified: $got" || { echo "SHA-256 MISMATCH: $got, want $want"; exit 1; }
awk -v s="$start" -v e="$end" -v g="$SIZE_GIB" 'BEGIN { printf "%d GiB in %.0f s: %.1f MB/s (sha256sum shares the cores)\n", g, e - s, g * 1073741824 / (e - s) / 1e6 }'
echo "server peak RSS: $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$server/status") (-Xmx64m)"
echo "agent peak RSS:  $(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$agent/status") (-Xmx96m)"
sort -n "$work/rss.txt" | awk 'NR == 1 {min = $1} {max = $1; n++} END { printf "server RSS every 2 s: %d-%d MiB over %d samples\n", min / 1024, max / 1024, n }'
