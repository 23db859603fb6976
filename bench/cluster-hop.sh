#!/usr/bin/env bash
# The hop between instances: two servers sharing Redis behind nginx as a load balancer that picks
# an instance per request, so about half of an agent's upload segments reach the instance that
# does not hold the transfer and are forwarded to the one that does. Downloads a 1 GiB file eight
# times from the instance holding the agent and prints each run's MB/s (the first ones warm the
# JIT). Not part of CI: run it by hand.
#
#   bench/cluster-hop.sh [SIZE_MIB]     (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB="${1:-1024}"
LB_PORT=18200
A_PORT=18201
B_PORT=18202
REDIS_PORT=18203

source bench/common.sh
find_nginx
ensure_jars

work="$(mktemp -d)"
PIDS=()
trap stop_all EXIT

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$work/big.bin"
run_nginx "$work" "map \$http_upgrade \$conn { default upgrade; '' ''; }
  upstream relay { server 127.0.0.1:$A_PORT; server 127.0.0.1:$B_PORT; keepalive 8; }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / {
      proxy_pass http://relay;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$conn;
      proxy_request_buffering off;
      proxy_buffering off;
      client_max_body_size 0;
      proxy_read_timeout 600s;
    }
  }"
start_redis "$REDIS_PORT" "$work/redis.log"
export REMOTEFETCH_CLUSTER_SECRET=cluster-hop-bench
for port in $A_PORT $B_PORT; do
  java -Xmx64m -jar server-javalin/target/remotefetch-server.jar --port "$port" \
    --redis "redis://127.0.0.1:$REDIS_PORT" > "$work/server-$port.log" 2>&1 &
  PIDS+=($!)
done
for port in $A_PORT $B_PORT; do
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
done
CLIENT_ID=hop SERVER_URL="http://127.0.0.1:$LB_PORT" \
  java -jar agent-tray/target/remotefetch-agent.jar --headless --file "$work/big.bin" > "$work/agent.log" 2>&1 &
PIDS+=($!)
# The instance that holds the agent's socket serves its downloads itself.
for _ in $(seq 1 100); do
  grep -qs "agent hop connected" "$work"/server-*.log && break
  sleep 0.2
done
holder=$A_PORT
grep -qs "agent hop connected" "$work/server-$B_PORT.log" && holder=$B_PORT
echo "agent on the instance at :$holder; uploads through nginx, about half forwarded"
printf 'MB/s per run:'
for _ in $(seq 1 8); do
  printf ' %.0f' "$(curl -fs -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$holder/api/download/hop" \
    | awk '{print $1 / 1e6}')"
done
echo
