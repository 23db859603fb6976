#!/usr/bin/env bash
# Relay benchmark: one 1 GiB file through server + agent to curl, on the upload path and on the
# frame path, and straight from nginx
# (sendfile) on loopback; prints MB/s of each and their ratio, the server's CPU seconds per GiB
# relayed, and the server's and agent's peak RSS. Then repeats (a) with a 4 MB/s reader and
# samples the server's RSS to show it stays flat. Not part of CI: run it by hand.
#
#   bench/relay-bench.sh [SIZE_MIB] [SLOW_MIB]     (defaults 1024 and 128)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${1:-1024}"
SLOW_MIB="${2:-128}"
HEAP="${HEAP:--Xmx64m}"
# SERVER_OPTS adds JVM flags to the server, e.g. a JFR recording for bench/jfr-top.sh:
#   SERVER_OPTS="-XX:StartFlightRecording=filename=/tmp/server.jfr,settings=profile"
NGINX_PORT=18090
SERVER_PORT=18091

source bench/common.sh
find_nginx
ensure_jars

work="$(mktemp -d)"
chmod 755 "$work"   # nginx workers run as an unprivileged user
SERVER_PID=""
AGENT_PID=""
cleanup() {
  for p in $AGENT_PID $SERVER_PID; do kill "$p" 2>/dev/null || true; done
  "$NGINX" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "creating a ${SIZE_MIB} MiB file..."
mkdir -p "$work/www"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/www/big.bin"
chmod 644 "$work/www/big.bin"
expected="$(sha256sum "$work/www/big.bin" | cut -d' ' -f1)"

start_nginx "$work" "$NGINX_PORT" "tcp_nopush on;"

ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
ucpu() { awk -v t="$ticks" '{print $14 / t}' "/proc/$1/stat"; }

nginx_bps=$(curl -fs -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$NGINX_PORT/big.bin")
printf 'nginx sendfile:      %8.1f MB/s\n' "$(awk -v n="$nginx_bps" 'BEGIN { print n / 1e6 }')"

# One fresh server and agent per path: the HTTP upload path (protocol 2's default) and the
# WebSocket frame path (the fallback, forced with AGENT_TRANSPORT=frames).
measure() {
  local transport="$1"
  AGENT_TRANSPORT="$transport" start_relay "$SERVER_PORT" bench "$work/www/big.bin" "$work" "$HEAP ${SERVER_OPTS:-}" ""
  server=$SERVER_PID
  agent=$AGENT_PID
  # Warm-up: two whole transfers let the JIT finish compiling the hot path, as on a server in
  # service; the CPU figure below is the steady-state cost of one more download.
  cpu_cold=$(cpu "$server")
  curl -fs -o /dev/null "http://127.0.0.1:$SERVER_PORT/api/download/bench"
  cpu_first=$(cpu "$server")
  # The second warm-up proves the relayed bytes right; the timed runs write to /dev/null, as the
  # nginx baseline does, so that neither pays for writing 1 GiB to disk on the same two cores.
  curl -fs -o "$work/out.bin" "http://127.0.0.1:$SERVER_PORT/api/download/bench"
  got="$(sha256sum "$work/out.bin" | cut -d' ' -f1)"; rm -f "$work/out.bin"
  [ "$got" = "$expected" ] || { echo "SHA-256 MISMATCH ($transport): $got != $expected"; exit 1; }
  cpu_before=$(cpu "$server"); user_before=$(ucpu "$server"); agent_before=$(cpu "$agent")
  # Three timed transfers: loopback on two shared cores varies by ±15 % from one run to the next.
  runs=()
  for _ in 1 2 3; do
    runs+=("$(curl -fs -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$SERVER_PORT/api/download/bench")")
  done
  relay_bps=$(printf '%s\n' "${runs[@]}" | awk '{s += $1} END {print s / NR}')
  cpu_after=$(cpu "$server"); user_after=$(ucpu "$server"); agent_after=$(cpu "$agent")
  echo "== $transport path =="
  awk -v n="$nginx_bps" -v r="$relay_bps" -v c0="$cpu_before" -v c1="$cpu_after" -v u0="$user_before" -v u1="$user_after" -v mib="$((SIZE_MIB * 3))" 'BEGIN {
    printf "relay (agent->curl): %8.1f MB/s   (mean of 3; SHA-256 of a relayed copy verified)\n", r / 1e6
    printf "ratio relay/nginx:   %8.3f\n", r / n
    printf "server CPU:          %8.2f s per GiB relayed (steady state; user %.2f + system %.2f)\n", (c1 - c0) / (mib / 1024), (u1 - u0) / (mib / 1024), ((c1 - c0) - (u1 - u0)) / (mib / 1024)
  }'
  awk -v a="$cpu_cold" -v b="$cpu_first" -v mib="$SIZE_MIB" 'BEGIN { printf "server CPU, cold:    %8.2f s per GiB (first transfer, JIT compiling)\n", (b - a) / (mib / 1024) }'
  echo "server peak RSS:     $(hwm "$server") MiB  (heap flag $HEAP)"
  awk -v a="$agent_before" -v b="$agent_after" -v mib="$((SIZE_MIB * 3))" 'BEGIN { printf "agent CPU:           %8.2f s per GiB (a version it sent before: SHA-256 remembered)\n", (b - a) / (mib / 1024) }'
  echo "agent peak RSS:      $(hwm "$agent") MiB"
  # The timed runs send a version the agent has sent before, whose SHA-256 it remembers; a new
  # version (touch changes its modification and change times) is hashed as it is sent.
  touch "$work/www/big.bin"
  agent_before=$(cpu "$agent")
  curl -fs -o /dev/null "http://127.0.0.1:$SERVER_PORT/api/download/bench"
  awk -v a="$agent_before" -v b="$(cpu "$agent")" -v mib="$SIZE_MIB" 'BEGIN { printf "agent CPU, new version: %5.2f s per GiB (hashed as it is sent)\n", (b - a) / (mib / 1024) }'
}

measure frames
kill "$AGENT_PID" "$SERVER_PID"; wait "$AGENT_PID" "$SERVER_PID" 2>/dev/null || true
measure upload
server=$SERVER_PID

echo "slow reader: ${SLOW_MIB} MiB at 4 MB/s..."
last=$((SLOW_MIB * 1024 * 1024 - 1))
curl -fs -r "0-$last" --limit-rate 4000000 -o /dev/null "http://127.0.0.1:$SERVER_PORT/api/download/bench" &
slow=$!
samples=()
while kill -0 "$slow" 2>/dev/null; do samples+=("$(rss "$server")"); sleep 2; done
wait "$slow"
printf 'server RSS during slow read (MiB, every 2 s): %s\n' "${samples[*]}"
printf 'server RSS min/max: %s / %s MiB\n' "$(printf '%s\n' "${samples[@]}" | sort -n | head -1)" \
  "$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)"
