#!/usr/bin/env bash
# The tracing check of bench/RESULTS.md: REQUESTS reads through the gateway with every request traced
# (bin/platform's default TRACING_SAMPLE_RATIO=1.0), then Zipkin must still answer /api/v2/services
# within 1 s. Exits non-zero when it does not. Prints Zipkin's RSS and the spans it received.
# Needs: bin/platform up (running), hey (Debian package hey).
# Usage: bench/tracing-load.sh [REQUESTS] [CONNECTIONS]
set -euo pipefail

REQUESTS="${1:-200000}"
CONNECTIONS="${2:-32}"
OFFSET="${PLATFORM_PORT_OFFSET:-0}"
GW="http://127.0.0.1:$((8080 + OFFSET))"
ZIPKIN="http://127.0.0.1:$((9411 + OFFSET))"
CLIENT="${AUTH_BOOTSTRAP_CLIENT_ID:-platform-admin}:${AUTH_BOOTSTRAP_CLIENT_SECRET:-local-dev-secret}"
BATCH=50000   # a token lives 5 minutes: each batch gets a fresh one

command -v hey >/dev/null || { echo "hey is missing: sudo apt-get install hey" >&2; exit 1; }
token() {
  curl -fsS -u "$CLIENT" -d grant_type=client_credentials "$GW/api/auth/oauth2/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
zipkin_pid() { tr -dc '0-9' <"${PLATFORM_STATE:-$(dirname "$0")/../.platform}/pids/zipkin.pid" 2>/dev/null || true; }

stream="bench-$(cat /proc/sys/kernel/random/uuid)"
curl -fsS -o /dev/null -H "Authorization: Bearer $(token)" -H 'Content-Type: application/json' \
  -d "{\"events\":[{\"eventId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"type\":\"BenchEvent\",\"data\":{\"n\":1}}]}" \
  "$GW/api/eventstore/streams/$stream/events"

echo "Sending $REQUESTS reads of $GW/api/eventstore/streams/$stream/events, $CONNECTIONS connections"
sent=0
start=$SECONDS
while [ "$sent" -lt "$REQUESTS" ]; do
  n=$((REQUESTS - sent < BATCH ? REQUESTS - sent : BATCH))
  n=$(( (n + CONNECTIONS - 1) / CONNECTIONS * CONNECTIONS ))   # hey sends n/c per connection, rounded down
  hey -n "$n" -c "$CONNECTIONS" -H "Authorization: Bearer $(token)" \
    "$GW/api/eventstore/streams/$stream/events" | grep -E 'Requests/sec|^ *\[[0-9]{3}\]|Error' || true
  sent=$((sent + n))
done
echo "$sent requests in $((SECONDS - start)) s"

sleep 6   # the services' span exporters flush every 5 s
elapsed=$(curl -fsS -o /dev/null -w '%{time_total}' --max-time 10 "$ZIPKIN/api/v2/services") \
  || { echo "FAIL: Zipkin did not answer /api/v2/services within 10 s"; exit 1; }
pid="$(zipkin_pid)"
rss=$([ -n "$pid" ] && awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" || echo '?')
spans=$(curl -fsS "$ZIPKIN/prometheus" 2>/dev/null | awk '/^zipkin_collector_spans_total\{transport="http"/ {print $2}' || true)
echo "Zipkin /api/v2/services answered in ${elapsed} s; Zipkin RSS ${rss} MB; spans received: ${spans:-?}"
awk -v t="$elapsed" 'BEGIN { exit !(t < 1.0) }' || { echo "FAIL: slower than 1 s"; exit 1; }
echo "PASS"
