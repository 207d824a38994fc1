#!/usr/bin/env bash
# cache-service GETs beside raw Redis, in one run on one machine.
# Restarts the platform (bin/platform, tracing at the production share 0.1; the cache "benchl2" is
# given an L1 of size 0, so every read of it goes to Redis) and measures with wrk against
# cache-service directly (port 8083), a 100-byte value, no pipelining:
#   REST GET that L1 answers (cache members), REST GET that L2 answers (cache benchl2),
#   at concurrency 16 and 64.
# Baseline on the same Redis: redis-benchmark GET of a 100-byte value at the same concurrency.
# Needs: wrk, redis-tools (redis-benchmark), packaged services (./mvnw package -DskipTests).
# Usage: bench/cache.sh [SECONDS] [WARMUP_SECONDS]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib/token.sh
. "$ROOT/bench/lib/token.sh"
SECONDS_EACH="${1:-20}"
WARMUP="${2:-20}"
CACHE="http://127.0.0.1:8083"
for tool in wrk redis-benchmark curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk redis-tools curl)" >&2; exit 1; }
done

"$ROOT/bin/platform" down >/dev/null
SERVICE_JVM_OPTIONS="${SERVICE_JVM_OPTIONS:--XX:+UseSerialGC -Xms32m -Xmx192m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=96m -Xss512k} -Dmeldestelle.cache.caches.benchl2.l1-max-bytes=0" TRACING_SAMPLE_RATIO="${TRACING_SAMPLE_RATIO:-0.1}" \
  "$ROOT/bin/platform" up >/dev/null

# The platform's other services finish starting (consumer groups, first scrapes) before measuring.
sleep 20
VALUE="$(head -c 100 /dev/zero | tr '\0' 'v')"
for cache in members benchl2; do
  curl -fsS -X PUT -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: text/plain' --data-binary "$VALUE" "$CACHE/caches/$cache/entries/bench:key?ttl=PT1H"
done

wrk_line() {
  awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%10.0f /s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad+0}' <<<"$1"
}

get() {   # label cache connections
  local auth
  auth="Authorization: Bearer $(admin_token)"
  wrk -t2 -c"$3" -d"${WARMUP}s" -H "$auth" "$CACHE/caches/$2/entries/bench:key" >/dev/null 2>&1
  printf '%-34s ' "$1"
  wrk_line "$(wrk -t2 -c"$3" -d"${SECONDS_EACH}s" --latency -H "$auth" "$CACHE/caches/$2/entries/bench:key" 2>/dev/null)"
  printf '%34s  X-Cache: %s\n' "" "$(curl -fsS -o /dev/null -D - -H "$auth" "$CACHE/caches/$2/entries/bench:key" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache" {print $2}')"
}

redis_get() {   # label connections
  redis-cli -p 6379 SET bench:raw "$VALUE" >/dev/null
  printf '%-34s ' "$1"
  redis-benchmark -p 6379 -c "$2" -n 400000 -d 100 -t get 2>/dev/null | tr '\r' '\n' \
    | awk '/throughput summary/ {rps=$3} /latency summary/ {getline; getline; p50=$3; p99=$5}
      END {printf "%10.0f /s  p50 %6s ms  p99 %6s ms\n", rps, p50, p99}'
}

echo "== cache-service REST GET, 100-byte value (wrk, 2 threads)"
get "L1 hit, c=16" members 16
get "L1 hit, c=64" members 64
get "L2 hit, c=16" benchl2 16
get "L2 hit, c=64" benchl2 64
echo "== Redis baseline: redis-benchmark GET, 100 bytes, no pipelining"
redis_get "GET, c=16" 16
redis_get "GET, c=64" 64
echo "== cache-service RSS: $(awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$(cat "$ROOT/.platform/pids/cache-service.pid")/status")"
