#!/usr/bin/env bash
# Floors under the relay's server CPU on this machine, to read next to relay-bench.sh:
#   1. a bare Java NIO relay (bench/floor/BareRelay.java) copying a file served by nginx to curl on
#      loopback: the kernel's share of moving the same bytes in and out of one process, with no
#      WebSocket, HTTP framing or threads. Measured at full speed and at the agent's pace (nginx
#      limit_rate 160 MB/s under /paced/), because slower streams mean smaller reads and more wake-ups per GiB;
#   2. the least a relay on Jetty's WebSocket server can do (bench/floor/JettyRelay.java fed by
#      bench/floor/OkHttpSender.java): client frames written straight into a chunked response from
#      Jetty's socket thread, with no protocol, credit, queue or hand-off;
#   3. Jetty's unmasking of client frames (bench/floor/DemaskCost.java), which RFC 6455 makes the
#      server run over every byte an agent sends, against a long-wise XOR of the same bytes.
# Not part of CI.
#
#   bench/floor-bench.sh [SIZE_MIB]     (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${1:-1024}"
NGINX_PORT=18092
RELAY_PORT=18093
JETTY_PORT=18094

source bench/common.sh
find_nginx
ensure_jars

work="$(mktemp -d)"
chmod 755 "$work"
relay=""
jetty=""
sender=""
cleanup() {
  for pid in $relay $jetty $sender; do kill "$pid" 2>/dev/null || true; done
  "$NGINX" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
mkdir -p "$work/www/paced" "$work/tmp"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/www/big.bin"
ln "$work/www/big.bin" "$work/www/paced/big.bin"
chmod -R a+rX "$work/www"
start_nginx "$work" "$NGINX_PORT" "keepalive_timeout 0;"

java -Xmx64m bench/floor/BareRelay.java "$RELAY_PORT" "$NGINX_PORT" 262144 &
relay=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$RELAY_PORT") 2>/dev/null && break; sleep 0.1; done
sleep 1   # the probe above was relayed as a request too; let it finish

ticks=$(getconf CLK_TCK)
measure() { # PID URL LABEL [WARM]: WARM transfers (default 1) for the JIT, then two counted
  local pid=$1 url=$2 u0 s0 u1 s1 bps bps2
  for _ in $(seq 1 "${4:-1}"); do curl -fs -o /dev/null "$url"; done
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  bps=$(curl -fs -o /dev/null -w '%{speed_download}' "$url")
  bps2=$(curl -fs -o /dev/null -w '%{speed_download}' "$url")
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  awk -v t="$ticks" -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v b="$bps" -v b2="$bps2" -v mib="$SIZE_MIB" -v l="$3" 'BEGIN {
    g = 2 * mib / 1024
    printf "%-36s %7.1f MB/s   CPU %.2f s per GiB (user %.2f + system %.2f)\n", l ":", (b + b2) / 2e6, (u + s) / t / g, u / t / g, s / t / g
  }'
}
measure "$relay" "http://127.0.0.1:$RELAY_PORT/big.bin" "bare relay, full speed"
measure "$relay" "http://127.0.0.1:$RELAY_PORT/paced/big.bin" "bare relay, paced at 160 MB/s"
kill "$relay"

java -Xmx64m -cp server-javalin/target/remotefetch-server.jar bench/floor/JettyRelay.java "$JETTY_PORT" &
jetty=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$JETTY_PORT") 2>/dev/null && break; sleep 0.1; done
java -cp agent-tray/target/remotefetch-agent.jar bench/floor/OkHttpSender.java \
  "ws://127.0.0.1:$JETTY_PORT/ws" "$work/www/big.bin" &
sender=$!
sleep 5   # the sender compiles and connects
measure "$jetty" "http://127.0.0.1:$JETTY_PORT/dl" "bare Jetty WebSocket relay (OkHttp)" 3
java -cp server-javalin/target/remotefetch-server.jar bench/floor/DemaskCost.java
