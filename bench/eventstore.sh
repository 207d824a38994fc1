#!/usr/bin/env bash
# eventstore-service appends and reads beside raw Redis, in one run on one machine.
# Restarts the platform (bin/platform, tracing at the production share 0.1) and measures with wrk
# against eventstore-service directly (port 8082):
#   single-event appends at concurrency 1, 16 and 64; appends of 100 events at concurrency 16;
#   reads of a 10-event page at concurrency 16.
# Baseline on the same Redis (AOF, appendfsync always): redis-benchmark XADD and EVAL of a one-XADD
# script at the same concurrency. Last: eventstore-service's RSS.
# Needs: wrk, redis-tools (redis-benchmark), packaged services (./mvnw package -DskipTests).
# Usage: bench/eventstore.sh [SECONDS] [WARMUP_SECONDS]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib/token.sh
. "$ROOT/bench/lib/token.sh"
SECONDS_EACH="${1:-20}"
WARMUP="${2:-30}"
ES="http://127.0.0.1:8082"
for tool in wrk redis-benchmark curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk redis-tools curl)" >&2; exit 1; }
done

"$ROOT/bin/platform" down >/dev/null
TRACING_SAMPLE_RATIO="${TRACING_SAMPLE_RATIO:-0.1}" "$ROOT/bin/platform" up >/dev/null

wrk_line() {
  awk -v mult="${2:-1}" '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%10.0f /s  p50 %8s  p99 %8s  non-2xx %s\n", rps * mult, p50, p99, bad+0}' <<<"$1"
}

cpu_ticks() {   # user + system clock ticks a process has used
  awk '{print $14 + $15}' "/proc/$1/stat"
}

append() {   # label connections events-per-append
  local threads=2 es_pid redis_pid es0 redis0 out requests
  [ "$2" -lt 2 ] && threads=1
  es_pid="$(cat "$ROOT/.platform/pids/eventstore-service.pid")"
  redis_pid="$(pgrep -f 'redis-server .*:6379' | head -1)"
  export TOKEN
  TOKEN="$(admin_token)"
  EVENTS="$3" wrk -t"$threads" -c"$2" -d"${WARMUP}s" -s "$ROOT/bench/eventstore/append.lua" "$ES" >/dev/null 2>&1
  es0="$(cpu_ticks "$es_pid")" redis0="$(cpu_ticks "$redis_pid")"
  out="$(EVENTS="$3" wrk -t"$threads" -c"$2" -d"${SECONDS_EACH}s" --latency -s "$ROOT/bench/eventstore/append.lua" "$ES" 2>/dev/null)"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  printf '%-34s ' "$1"
  wrk_line "$out" "$3"
  # Where the time goes: CPU per append request of the service and of Redis (100 ticks a second).
  awk -v es=$(( $(cpu_ticks "$es_pid") - es0 )) -v redis=$(( $(cpu_ticks "$redis_pid") - redis0 )) -v n="$requests" \
    'BEGIN {printf "%34s  CPU per request: eventstore-service %.3f ms, redis %.3f ms\n", "", es * 10 / n, redis * 10 / n}'
}

redis_line() {   # label connections command...
  local label="$1" c="$2"
  shift 2
  printf '%-34s ' "$label"
  redis-benchmark -p 6379 -c "$c" -n $((c < 2 ? 30000 : 200000)) -r 10000 "$@" 2>/dev/null | tr '\r' '\n' \
    | awk '/throughput summary/ {rps=$3} /latency summary/ {getline; getline; p50=$3; p99=$5}
      END {printf "%10.0f /s  p50 %6s ms  p99 %6s ms\n", rps, p50, p99}'
}

echo "== eventstore-service (HTTP, JSON, Lua append with version check, idempotency and outbox; forwarder on)"
append "append 1 event,   c=1" 1 1
append "append 1 event,   c=16" 16 1
append "append 1 event,   c=64" 64 1
append "append 100 events, c=16 (events/s)" 16 100

stream="bench-read-$(cat /proc/sys/kernel/random/uuid)"
events=""
for i in $(seq 1 10); do
  events="$events{\"eventId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"type\":\"HorseEntered\",\"data\":{\"n\":$i}},"
done
AUTH="Authorization: Bearer $(admin_token)"
curl -fsS -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -d "{\"events\":[${events%,}]}" "$ES/streams/$stream/events"
wrk -t2 -c16 -d"${WARMUP}s" -H "$AUTH" "$ES/streams/$stream/events?limit=10" >/dev/null
printf '%-34s ' "read 10-event page, c=16"
wrk_line "$(wrk -t2 -c16 -d"${SECONDS_EACH}s" --latency -H "$AUTH" "$ES/streams/$stream/events?limit=10")"

echo "== Redis baseline (same server: AOF, appendfsync always)"
SCRIPT="return redis.call('XADD', KEYS[1], '*', 'data', ARGV[1])"
for c in 1 16 64; do
  redis_line "XADD, c=$c" "$c" XADD "bench:{__rand_int__}" '*' data '{"horse":"Bella","class":"A","n":1}'
  redis_line "EVAL of an XADD script, c=$c" "$c" EVAL "$SCRIPT" 1 "bench:{__rand_int__}" '{"horse":"Bella","class":"A","n":1}'
done

pid="$(cat "$ROOT/.platform/pids/eventstore-service.pid")"
echo "eventstore-service RSS after the run: $(awk '/VmRSS/ {printf "%d MB", $2/1024}' "/proc/$pid/status")"
redis-cli -p 6379 --scan --pattern 'bench:*' | xargs -r -n 500 redis-cli -p 6379 unlink >/dev/null
