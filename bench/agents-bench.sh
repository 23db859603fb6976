#!/usr/bin/env bash
# Many idle agents on one server (-Xmx256m), then on two instances sharing Redis: time for all to
# connect, the server's RSS, threads and idle CPU, /api/clients and /api/agents latency, and the
# time for all of them to come back after the server restarts. The agents are light protocol
# clients (bench/agents/IdleAgents.java: JDK NIO WebSockets, hello + heartbeats). Not part of CI.
#
#   bench/agents-bench.sh [COUNT]     (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"
PORT=18101
PORT2=18102
REDIS_PORT=18103
source bench/common.sh
ensure_jars

work="$(mktemp -d)"
PIDS=()
trap stop_all EXIT
threads() { awk '/Threads/{print $2}' "/proc/$1/status"; }
count() { curl -fs "http://127.0.0.1:$1/api/clients" 2>/dev/null | sed -E 's/^\{"count":([0-9]+).*/\1/' || echo 0; }
now() { date +%s.%N; }
server() { # port [extra args...]
  local port="$1"; shift
  java -Xmx256m -jar server-javalin/target/remotefetch-server.jar --port "$port" "$@" >> "$work/server-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "$pid"
}
await_count() { # port expected -> seconds taken
  local start; start=$(now)
  for _ in $(seq 1 1200); do [ "$(count "$1")" -ge "$2" ] && break; sleep 0.25; done
  awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}
latency() { # url -> median of 5, ms
  for _ in 1 2 3 4 5; do curl -fs -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | sed -n 3p | awk '{printf "%.0f", $1 * 1000}'
}
idle_cpu() { # pid seconds -> percent of one core
  local a; a=$(cpu "$1"); sleep "$2"; awk -v a="$a" -v b="$(cpu "$1")" -v s="$2" 'BEGIN { printf "%.1f", (b - a) / s * 100 }'
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); $COUNT idle agents"
echo "== one server =="
pid=$(server $PORT); PIDS+=("$pid")
java -Xss256k -Xmx3g bench/agents/IdleAgents.java "$COUNT" "ws://127.0.0.1:$PORT/ws/agent" > "$work/agents.log" 2>&1 &
PIDS+=($!)
echo "all connected in:      $(await_count $PORT "$COUNT") s"
sleep 5
echo "server RSS / threads:  $(rss "$pid") MiB / $(threads "$pid")"
echo "idle CPU (60 s):       $(idle_cpu "$pid" 60) % of a core"
echo "/api/clients:          $(latency "http://127.0.0.1:$PORT/api/clients") ms"
echo "/api/agents (all):     $(latency "http://127.0.0.1:$PORT/api/agents") ms"
echo "/api/agents?limit=100: $(latency "http://127.0.0.1:$PORT/api/agents?limit=100") ms"
kill "$pid"; wait "$pid" 2>/dev/null || true
pid=$(server $PORT); PIDS+=("$pid")
echo "back after a restart:  $(await_count $PORT "$COUNT") s (agents retry after 0.5-5 s)"
sleep 5
echo "idle CPU after (20 s): $(idle_cpu "$pid" 20) % of a core; RSS $(rss "$pid") MiB"
kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; PIDS=()

echo "== two instances sharing Redis =="
start_redis "$REDIS_PORT" "$work/redis.log"
a=$(server $PORT --redis "redis://127.0.0.1:$REDIS_PORT"); PIDS+=("$a")
b=$(server $PORT2 --redis "redis://127.0.0.1:$REDIS_PORT"); PIDS+=("$b")
java -Xss256k -Xmx3g bench/agents/IdleAgents.java "$COUNT" "ws://127.0.0.1:$PORT/ws/agent" "ws://127.0.0.1:$PORT2/ws/agent" \
  > "$work/agents2.log" 2>&1 &
PIDS+=($!)
echo "all listed by A in:    $(await_count $PORT "$COUNT") s"
echo "all listed by B in:    $(await_count $PORT2 "$COUNT") s"
sleep 5
echo "RSS A / B:             $(rss "$a") / $(rss "$b") MiB"
echo "idle CPU A (60 s):     $(idle_cpu "$a" 60) % of a core"
echo "/api/clients via A:    $(latency "http://127.0.0.1:$PORT/api/clients") ms"
echo "/api/agents?limit=100: $(latency "http://127.0.0.1:$PORT/api/agents?limit=100") ms"
