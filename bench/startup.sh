#!/usr/bin/env bash
# Start-to-ready time and idle RSS of each service in JVM mode (target/quarkus-app/quarkus-run.jar).
# Needs the platform's Redis, Kafka and auth-service running (bin/platform up) and packaged services.
# Each service is started RUNS times on a spare port beside the running platform, once with each JVM
# configuration (CONFIGS): "plain" (-Xmx256m, the JVM's defaults otherwise) and "tuned" (bin/platform's
# SERVICE_JVM_OPTIONS plus the AppCDS archive the build writes beside quarkus-run.jar):
#   ready_ms  = from the java launch to the first 200 from /q/health/ready (curl polled every 50 ms)
#   quarkus_s = what Quarkus itself logs as "started in"
#   rss_mb    = VmRSS after IDLE_S seconds of idling once ready
# Usage: bench/startup.sh [RUNS] [IDLE_S]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
IDLE_S="${2:-10}"
OFFSET="${PLATFORM_PORT_OFFSET:-0}"
BENCH_PORT="${BENCH_PORT:-18990}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

env_for() {
  echo "REDIS_URL=redis://127.0.0.1:$((6379 + OFFSET))"
  echo "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$((9092 + OFFSET))"
  echo "ZIPKIN_URL=http://127.0.0.1:$((9411 + OFFSET))"
  echo "AUTH_ISSUER=http://localhost:$((8081 + OFFSET))"
  # The same bootstrap client as bin/platform's, so a measured auth-service changes nothing in Redis.
  echo "AUTH_BOOTSTRAP_CLIENT_ID=${AUTH_BOOTSTRAP_CLIENT_ID:-platform-admin}"
  echo "AUTH_BOOTSTRAP_CLIENT_SECRET=${AUTH_BOOTSTRAP_CLIENT_SECRET:-local-dev-secret}"
  echo "AUTH_BOOTSTRAP_ADMIN_USERNAME=${AUTH_BOOTSTRAP_ADMIN_USERNAME:-admin}"
  echo "AUTH_BOOTSTRAP_ADMIN_PASSWORD=${AUTH_BOOTSTRAP_ADMIN_PASSWORD:-local-dev-admin}"
  # The running platform's secrets (bin/platform keeps them in its state folder).
  echo "AUTH_KEY_ENCRYPTION_KEY=${AUTH_KEY_ENCRYPTION_KEY:-$(cat "${PLATFORM_STATE:-$ROOT/.platform}/secrets/key-encryption-key")}"
  echo "AUTH_CLIENT_SECRET_PEPPER=${AUTH_CLIENT_SECRET_PEPPER:-$(cat "${PLATFORM_STATE:-$ROOT/.platform}/secrets/client-secret-pepper")}"
  echo "AUTH_SERVICE_ADDRESS=127.0.0.1:$((8081 + OFFSET))"
  echo "EVENTSTORE_SERVICE_ADDRESS=127.0.0.1:$((8082 + OFFSET))"
  echo "CACHE_SERVICE_ADDRESS=127.0.0.1:$((8083 + OFFSET))"
  echo "QUARKUS_HTTP_HOST=127.0.0.1"
  echo "QUARKUS_HTTP_PORT=$BENCH_PORT"
}

now_ms() { date +%s%3N; }

TUNED="$(sed -n 's/^SERVICE_JVM_OPTIONS="\${SERVICE_JVM_OPTIONS-\(.*\)}"$/\1/p' "$ROOT/bin/platform")"
[ -n "$TUNED" ] || { echo "could not read SERVICE_JVM_OPTIONS from bin/platform" >&2; exit 1; }
CONFIGS="${CONFIGS:-plain tuned}"

jvm_options() {
  case "$1" in
    plain) echo "-Xmx256m" ;;
    tuned) echo "$TUNED -XX:SharedArchiveFile=app-cds.jsa" ;;
  esac
}

printf '%-20s %-6s %4s %10s %10s %8s\n' service config run ready_ms quarkus_s rss_mb
for service in gateway-service auth-service eventstore-service cache-service; do
  jar="$ROOT/$service/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || { echo "missing $jar: run ./mvnw -DskipTests package" >&2; exit 1; }
  for config in $CONFIGS; do
  for run in $(seq 1 "$RUNS"); do
    log="$TMP/$service-$config-$run.log"
    start=$(now_ms)
    mapfile -t environment < <(env_for)
    # shellcheck disable=SC2046 # the options are words
    (cd "$(dirname "$jar")" && exec env "${environment[@]}" java $(jvm_options "$config") -jar quarkus-run.jar) >"$log" 2>&1 &
    pid=$!
    until curl -fsS -o /dev/null "http://127.0.0.1:$BENCH_PORT/q/health/ready" 2>/dev/null; do
      kill -0 "$pid" 2>/dev/null || { echo "$service died:"; tail -20 "$log"; exit 1; }
      sleep 0.05
    done
    ready=$(( $(now_ms) - start ))
    sleep "$IDLE_S"
    rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    started=$(grep -o 'started in [0-9.]*s' "$log" | head -1 | sed 's/started in //; s/s$//')
    kill "$pid"; wait "$pid" 2>/dev/null || true
    printf '%-20s %-6s %4s %10s %10s %8s\n' "$service" "$config" "$run" "$ready" "${started:-?}" "$((rss_kb / 1024))"
  done
  done
done
