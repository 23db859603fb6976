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
SERVER_PID=""
AGENT_PID=""
sampler=""
cleanup() {
  for pid in $sampler $AGENT_PID $SERVER_PID; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "creating a $SIZE_GIB GiB file..."
head -c "$((SIZE_GIB * 1024 * 1024 * 1024))" /dev/urandom > "$work/big.bin"
want=$(sha256sum "$work/big.bin" | cut -d' ' -f1)

start_relay "$PORT" big "$work/big.bin" "$work" -Xmx64m -Xmx96m
server=$SERVER_PID
agent=$AGENT_PID

( while kill -0 "$server" 2>/dev/null; do echo "$(rss "$server")" >> "$work/rss.txt"; sleep 2; done ) &
sampler=$!
start=$(date +%s.%N)
got=$(curl -fsS "http://127.0.0.1:$PORT/api/download/big" | sha256sum | cut -d' ' -f1)
end=$(date +%s.%N)

[ "$got" = "$want" ] && echo "SHA-256 verified: $got" || { echo "SHA-256 MISMATCH: $got, want $want"; exit 1; }
awk -v s="$start" -v e="$end" -v g="$SIZE_GIB" 'BEGIN { printf "%d GiB in %.0f s: %.1f MB/s (sha256sum shares the cores)\n", g, e - s, g * 1073741824 / (e - s) / 1e6 }'
echo "server peak RSS: $(hwm "$server") MiB (-Xmx64m)"
echo "agent peak RSS:  $(hwm "$agent") MiB (-Xmx96m)"
sort -n "$work/rss.txt" | awk 'NR == 1 {min = $1} {max = $1; n++} END { printf "server RSS every 2 s: %d-%d MiB over %d samples\n", min, max, n }'
