#!/usr/bin/env bash
# Runs the product locally: a server on 127.0.0.1:${PORT:-8080} and a demo agent
# ("demo-restaurant") sharing a bundled sample file. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
PORT="${PORT:-8080}"

if [ ! -f server-javalin/target/remotefetch-server.jar ] || [ ! -f agent-tray/target/remotefetch-agent.jar ] \
   || [ ! -f admin-desktop/target/remotefetch-admin.jar ]; then
  echo "building the jars (first run only)..."
  ./mvnw -B -q -DskipTests package
fi

java -jar server-javalin/target/remotefetch-server.jar --port "$PORT" &
server=$!
trap 'kill $server ${agent:-} 2>/dev/null; wait 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.1
done
# -Xmx96m as the installers run it: the agent holds one 256 KiB buffer per transfer.
SERVER_URL="http://127.0.0.1:$PORT" java -Xmx96m -jar agent-tray/target/remotefetch-agent.jar --demo --headless &
agent=$!

for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/api/clients" 2>/dev/null | grep -q demo-restaurant && break
  sleep 0.1
done
cat <<INFO

RemoteFetch is running. Try:
  curl http://127.0.0.1:$PORT/api/clients
  curl -o demo.txt http://127.0.0.1:$PORT/api/download/demo-restaurant
  java -jar admin-desktop/target/remotefetch-admin.jar --server http://127.0.0.1:$PORT download demo-restaurant -o demo.txt
Press Ctrl-C to stop.

INFO
wait
