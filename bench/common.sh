# Shared by the bench scripts (sourced from the repository root).

# Sets NGINX to an nginx binary, installing Debian's nginx-light first if there is none.
find_nginx() {
  if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "installing nginx-light for the baseline..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
  fi
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
}

# Builds the runnable jars unless both are there.
ensure_jars() {
  if [ ! -f server-javalin/target/remotefetch-server.jar ] || [ ! -f agent-tray/target/remotefetch-agent.jar ]; then
    ./mvnw -B -q -DskipTests package
  fi
}

# Writes WORK/nginx.conf (temp files, logs and pid under WORK) with HTTP_BODY inside its http
# block, and starts nginx. Stop it with: "$NGINX" -p WORK -c WORK/nginx.conf -s stop
run_nginx() {
  local work="$1" body="$2"
  mkdir -p "$work/tmp"
  cat > "$work/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  $body
}
CONF
  "$NGINX" -p "$work" -c "$work/nginx.conf"
}

# Starts nginx serving WORK/www on 127.0.0.1:PORT with sendfile; EXTRA goes into the http block.
start_nginx() {
  local work="$1" port="$2" extra="${3:-}"
  run_nginx "$work" "sendfile on;
  $extra
  server { listen 127.0.0.1:$port; root $work/www; location /paced/ { limit_rate 160m; } }"
}

# Starts a throwaway Redis on 127.0.0.1:PORT, logging to LOG, and adds it to PIDS.
start_redis() {
  command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)"; exit 2; }
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no > "$2" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done
}

# The EXIT trap of scripts that keep their processes in PIDS and their files in $work: stops
# them, and nginx if one was started there, then removes the files.
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && "$NGINX" -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null
  rm -rf "$work"
}

# Starts the relay on 127.0.0.1:PORT: the server jar with JVM flags SERVER_JVM, then an agent
# named ID sharing FILE with JVM flags AGENT_JVM, logging to DIR/server.log and DIR/agent.log.
# Sets SERVER_PID and AGENT_PID as each starts (for the caller's cleanup) and returns once the
# server lists the agent.
start_relay() {
  local port="$1" id="$2" file="$3" dir="$4" server_jvm="$5" agent_jvm="$6"
  java $server_jvm -jar server-javalin/target/remotefetch-server.jar --port "$port" > "$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
  CLIENT_ID="$id" SERVER_URL="http://127.0.0.1:$port" AGENT_TRANSPORT="${AGENT_TRANSPORT:-upload}" \
    java $agent_jvm -jar agent-tray/target/remotefetch-agent.jar \
    --headless --file "$file" > "$dir/agent.log" 2>&1 &
  AGENT_PID=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/api/clients" | grep -q "\"$id\"" && break; sleep 0.1; done
}

# Peak and current resident memory of PID, in MiB.
hwm() { awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
rss() { awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

# CPU seconds (user + system) of PID, and of its JIT compiler threads only.
cpu() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
ucpu() { awk -v t="$(getconf CLK_TCK)" '{print $14 / t}' "/proc/$1/stat"; }
jit_cpu() {
  local t; t=$(getconf CLK_TCK)
  for task in /proc/"$1"/task/*; do
    if grep -q '^C[12] CompilerThre' "$task/comm" 2>/dev/null; then
      awk -v t="$t" '{print ($14 + $15) / t}' "$task/stat"
    fi
  done | awk '{s += $1} END {print s + 0}'
}
