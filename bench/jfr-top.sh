#!/usr/bin/env bash
# Where a JVM spent its CPU: the top frames of a JFR recording's execution samples.
#   bench/jfr-top.sh /tmp/server.jfr [N]
set -euo pipefail
jfr print --events jdk.ExecutionSample --stack-depth 1 "$1" \
  | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
  | sort | uniq -c | sort -rn | head -"${2:-25}"
