#!/usr/bin/env bash
# The gateway beside nginx as a reverse proxy and beside the upstream itself, in one run: wrk reads
# one event from eventstore-service directly, through nginx, and through a gateway with token
# validation and a rate limit on the route (a bucket too large to refuse, so every request pays for
# the Redis script), with tracing off and at the production default (0.1).
# Needs: a running platform (bin/platform up), wrk and nginx (Debian packages). Starts its own
# gateway on 8090 (management 9095) and nginx on 8091, and stops both at the end.
# Usage: bench/gateway.sh [SECONDS] [CONNECTIONS]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=bench/lib/token.sh
. "$ROOT/bench/lib/token.sh"
SECONDS_EACH="${1:-20}"
CONNECTIONS="${2:-32}"
WARMUP="${WARMUP_SECONDS:-30}"
WORK="$(mktemp -d)"
JAR="$ROOT/gateway-service/target/quarkus-app/quarkus-run.jar"
for tool in wrk nginx; do command -v "$tool" >/dev/null || { echo "$tool is missing: sudo apt-get install $tool" >&2; exit 1; }; done
[ -f "$JAR" ] || { echo "build first: ./mvnw -pl gateway-service -am package -DskipTests" >&2; exit 1; }
curl -fsS -o /dev/null http://127.0.0.1:8082/q/health/ready || { echo "start the platform first: bin/platform up" >&2; exit 1; }

GW_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

token="$(admin_token)"
stream="bench-$(cat /proc/sys/kernel/random/uuid)"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"events\":[{\"eventId\":\"$(cat /proc/sys/kernel/random/uuid)\",\"type\":\"BenchEvent\",\"data\":{\"n\":1}}]}" \
  "http://127.0.0.1:8080/api/eventstore/streams/$stream/events"

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream eventstore { server 127.0.0.1:8082; keepalive 64; }
  server {
    listen 127.0.0.1:8091;
    location /api/eventstore/ {
      proxy_pass http://eventstore/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!

start_gateway() {
  if [ -n "$GW_PID" ]; then kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; fi
  (cd "$(dirname "$JAR")" && exec env "$@" REDIS_URL=redis://127.0.0.1:6379 KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 \
    AUTH_ISSUER=http://localhost:8081 ZIPKIN_URL=http://127.0.0.1:9411 \
    AUTH_SERVICE_ADDRESS=127.0.0.1:8081 EVENTSTORE_SERVICE_ADDRESS=127.0.0.1:8082 CACHE_SERVICE_ADDRESS=127.0.0.1:8083 \
    java ${SERVICE_JVM_OPTIONS--XX:+UseSerialGC -Xms32m -Xmx192m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=96m -Xss512k} \
      -Dquarkus.http.port=8090 -Dquarkus.management.port=9095 \
      '-Dgateway.routes[1].rate-limit.capacity=1000000000' '-Dgateway.routes[1].rate-limit.refill-per-second=1000000000' \
      -jar quarkus-run.jar >"$WORK/gateway.log" 2>&1) &
  GW_PID=$!
  for _ in $(seq 1 90); do
    curl -fsS -o /dev/null http://127.0.0.1:9095/q/health/ready 2>/dev/null && return 0
    sleep 1
  done
  echo "the bench gateway did not get ready:" >&2; tail -20 "$WORK/gateway.log" >&2; exit 1
}

measure() {
  local label="$1" url="$2"
  token="$(admin_token)"   # tokens live five minutes; a whole run takes longer
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $token" "$url" >/dev/null
  printf '%-34s ' "$label"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $token" "$url" \
    | awk '/Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%10s req/s  p50 %8s  p99 %8s  non-2xx %s\n", rps, p50, p99, bad+0}'
}

echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s (after ${WARMUP}s warm-up), one event of stream $stream"
measure "direct (eventstore-service)" "http://127.0.0.1:8082/streams/$stream/events"
measure "nginx reverse proxy" "http://127.0.0.1:8091/api/eventstore/streams/$stream/events"
start_gateway QUARKUS_OTEL_SDK_DISABLED=true
measure "gateway, tracing off" "http://127.0.0.1:8090/api/eventstore/streams/$stream/events"
# What the edge costs without an upstream: token check (verified once, then kept) and a 404.
measure "gateway, valid token, no route (404)" "http://127.0.0.1:8090/api/none"
echo "gateway RSS after the run: $(( $(awk '/VmRSS/ {print $2}' "/proc/$(pgrep -f 'quarkus.http.port=8090' | head -1)/status") / 1024 )) MB"
# The access log (on by default) writes one line per request: what it costs the gateway.
start_gateway QUARKUS_OTEL_SDK_DISABLED=true QUARKUS_HTTP_ACCESS_LOG_ENABLED=false
measure "gateway, tracing off, no access log" "http://127.0.0.1:8090/api/eventstore/streams/$stream/events"
start_gateway TRACING_SAMPLE_RATIO=0.1
measure "gateway, tracing 0.1 (prod default)" "http://127.0.0.1:8090/api/eventstore/streams/$stream/events"
curl -fsS -o /dev/null -w "rate-limited route: %{http_code}, " -H "Authorization: Bearer $token" \
  "http://127.0.0.1:8090/api/eventstore/streams/$stream/events"
curl -fsS -D - -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:8090/api/eventstore/streams/$stream/events" \
  | grep -i '^ratelimit-limit' | tr -d '\r'
