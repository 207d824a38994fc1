#!/usr/bin/env bash
# Throughput through the gateway with tracing off, at the production share (0.1) and with every
# request traced (1.0, bin/platform's default), each on a freshly started platform, same run.
# One event is read back through the gateway (token validation, proxy, eventstore-service, Redis).
# Needs: wrk (Debian package wrk). Stops a running platform first; leaves it running at 1.0.
# Usage: bench/tracing-overhead.sh [SECONDS] [CONNECTIONS]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH="${1:-20}"
CONNECTIONS="${2:-32}"
GW="http://127.0.0.1:8080"
CLIENT="${AUTH_BOOTSTRAP_CLIENT_ID:-platform-admin}:${AUTH_BOOTSTRAP_CLIENT_SECRET:-local-dev-secret}"
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; }

run() {
  local label="$1" token stream
  "$ROOT/bin/platform" down >/dev/null
  "$ROOT/bin/platform" up >/dev/null
  token="$(curl -fsS -u "$CLIENT" -d grant_type=client_credentials "$GW/api/auth/oauth2/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  stream="bench-$(cat /proc/sys/kernel/random/uuid)"
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"events\":[{\"eventId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"type\":\"BenchEvent\",\"data\":{\"n\":1}}]}" \
    "$GW/api/eventstore/streams/$stream/events"
  # The JITs need about a minute of this load to settle (bench/RESULTS.md): warm up, then measure.
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS:-40}s" -H "Authorization: Bearer $token" "$GW/api/eventstore/streams/$stream/events" >/dev/null
  printf '%-28s ' "$label"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $token" \
    "$GW/api/eventstore/streams/$stream/events" \
    | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%10s req/s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad+0}'
}

QUARKUS_OTEL_SDK_DISABLED=true run "tracing off"
TRACING_SAMPLE_RATIO=0.1 run "tracing 0.1 (prod default)"
TRACING_SAMPLE_RATIO=1.0 run "tracing 1.0 (every request)"
