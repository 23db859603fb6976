#!/usr/bin/env bash
# Relay benchmark: one 1 GiB file through server + agent to curl, on the upload path and on the
# frame path, and straight from nginx (sendfile) on loopback; prints MB/s of each (mean of five
# runs, with their spread) and their ratio, the server's and agent's CPU seconds per GiB once the
# server's JIT has gone quiet (its compiler threads' share shown apart), and peak RSS of both.
# Then repeats the upload path with a 4 MB/s reader and samples the server's RSS to show it stays
# flat. Not part of CI: run it by hand.
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

RUNS=5
# RUNS downloads of URL to /dev/null: sets RUN_SPEEDS (bytes per second each) and RUN_MEAN.
timed_runs() {
  RUN_SPEEDS=()
  for _ in $(seq 1 "$RUNS"); do
    RUN_SPEEDS+=("$(curl -fs -o /dev/null -w '%{speed_download}' "$1")")
  done
  RUN_MEAN=$(printf '%s\n' "${RUN_SPEEDS[@]}" | awk '{s += $1} END {print s / NR}')
}
spread() { printf '%s\n' "${RUN_SPEEDS[@]}" | sort -n | awk '{v[NR] = $1} END {printf "%.0f-%.0f", v[1] / 1e6, v[NR] / 1e6}'; }

timed_runs "http://127.0.0.1:$NGINX_PORT/big.bin"
nginx_bps=$RUN_MEAN
printf 'nginx sendfile:      %8.1f MB/s   (mean of %d: %s)\n' "$(awk -v n="$nginx_bps" 'BEGIN { print n / 1e6 }')" "$RUNS" "$(spread)"

# One fresh server and agent per path: the HTTP upload path (protocol 2's default) and the
# WebSocket frame path (the fallback, forced with AGENT_TRANSPORT=frames).
measure() {
  local transport="$1"
  AGENT_TRANSPORT="$transport" start_relay "$SERVER_PORT" bench "$work/www/big.bin" "$work" "$HEAP ${SERVER_OPTS:-}" ""
  server=$SERVER_PID
  agent=$AGENT_PID
  # Warm-up until the JIT compilers go quiet (a transfer in which they used under 5 % of the
  # server's CPU and of the agent's; at most 8), as on a server and agent in service: C2 keeps
  # compiling Jetty's and okio's paths for several GiB, and its threads' CPU is not the relay's. The first warm-up proves the bytes right;
  # the timed runs write to /dev/null, as the nginx baseline does, so that neither pays for
  # writing 1 GiB to disk on the same two cores.
  cpu_cold=$(cpu "$server")
  curl -fs -o "$work/out.bin" "http://127.0.0.1:$SERVER_PORT/api/download/bench"
  cpu_first=$(cpu "$server")
  got="$(sha256sum "$work/out.bin" | cut -d' ' -f1)"; rm -f "$work/out.bin"
  [ "$got" = "$expected" ] || { echo "SHA-256 MISMATCH ($transport): $got != $expected"; exit 1; }
  warmups=1
  while [ "$warmups" -lt 8 ]; do
    c0=$(cpu "$server"); j0=$(jit_cpu "$server"); a0=$(cpu "$agent"); k0=$(jit_cpu "$agent")
    curl -fs -o /dev/null "http://127.0.0.1:$SERVER_PORT/api/download/bench"
    warmups=$((warmups + 1))
    awk -v c0="$c0" -v c1="$(cpu "$server")" -v j0="$j0" -v j1="$(jit_cpu "$server")" \
        -v a0="$a0" -v a1="$(cpu "$agent")" -v k0="$k0" -v k1="$(jit_cpu "$agent")" \
        'BEGIN {exit !(j1 - j0 < 0.05 * (c1 - c0) && k1 - k0 < 0.05 * (a1 - a0))}' && break
  done
  cpu_before=$(cpu "$server"); user_before=$(ucpu "$server"); agent_before=$(cpu "$agent"); jit_before=$(jit_cpu "$server")
  timed_runs "http://127.0.0.1:$SERVER_PORT/api/download/bench"
  relay_bps=$RUN_MEAN
  cpu_after=$(cpu "$server"); user_after=$(ucpu "$server"); agent_after=$(cpu "$agent"); jit_after=$(jit_cpu "$server")
  echo "== $transport path =="
  awk -v n="$nginx_bps" -v r="$relay_bps" -v c0="$cpu_before" -v c1="$cpu_after" -v u0="$user_before" -v u1="$user_after" \
      -v j0="$jit_before" -v j1="$jit_after" -v mib="$((SIZE_MIB * RUNS))" -v runs="$RUNS" -v spread="$(spread)" -v w="$warmups" 'BEGIN {
    gib = mib / 1024
    printf "relay (agent->curl): %8.1f MB/s   (mean of %d: %s; after %d warm-ups, SHA-256 of the first verified)\n", r / 1e6, runs, spread, w
    printf "ratio relay/nginx:   %8.3f\n", r / n
    printf "server CPU:          %8.2f s per GiB relayed (user %.2f + system %.2f; JIT compiler threads %.2f of it)\n", (c1 - c0) / gib, (u1 - u0) / gib, ((c1 - c0) - (u1 - u0)) / gib, (j1 - j0) / gib
  }'
  awk -v a="$cpu_cold" -v b="$cpu_first" -v mib="$SIZE_MIB" 'BEGIN { printf "server CPU, cold:    %8.2f s per GiB (first transfer, JIT compiling)\n", (b - a) / (mib / 1024) }'
  echo "server peak RSS:     $(hwm "$server") MiB  (heap flag $HEAP)"
  awk -v a="$agent_before" -v b="$agent_after" -v mib="$((SIZE_MIB * RUNS))" 'BEGIN { printf "agent CPU:           %8.2f s per GiB (a version it sent before: SHA-256 remembered)\n", (b - a) / (mib / 1024) }'
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
