#!/usr/bin/env bash
# auth-service token throughput, RS256 against ES256, in one run on one machine.
# Restarts the platform (bin/platform, tracing at the production share 0.1) and measures with wrk
# against auth-service directly (port 8081): client_credentials tokens at concurrency 1 and 16,
# signed RS256 (the platform's keyring), password logins at 16 (each opens a session), refresh
# token rotation at 1 and 8 (one session per connection) and introspections at 16. Then starts a second auth-service on a spare port with
# ES256 keys (its own keyring: Redis database 1) and measures the same. Last: signatures and
# verifications per second of one thread, RS256 against ES256 (bench/auth/SignVerify.java).
# JAVA (environment): the JVM of the ES256 instance and of the signature figures (default: java), to
# compare JVMs: their EC implementations differ by a factor of three (bench/RESULTS.md).
# Needs: wrk, curl, packaged services (./mvnw package -DskipTests).
# Runs on the default ports of bin/platform (no PLATFORM_PORT_OFFSET); empties Redis database 1 of
# the platform's Redis afterwards.
# Usage: bench/auth.sh [SECONDS] [WARMUP_SECONDS]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH="${1:-15}"
WARMUP="${2:-15}"
STATE="${PLATFORM_STATE:-$ROOT/.platform}"
ES256_PORT="${ES256_PORT:-18991}"
JAVA="${JAVA:-java}"
APP="$ROOT/auth-service/target/quarkus-app"
for tool in wrk curl redis-cli; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wrk curl redis-tools)" >&2; exit 1; }
done

"$ROOT/bin/platform" down >/dev/null
TRACING_SAMPLE_RATIO="${TRACING_SAMPLE_RATIO:-0.1}" "$ROOT/bin/platform" up >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

tokens() {   # label url pid connections [script] [threads]
  local threads=2 out requests cpu0 script="${5:-$ROOT/bench/auth/token.lua}"
  [ "$4" -lt 2 ] && threads=1
  threads="${6:-$threads}"
  REFRESH_TOKENS="${WARMUP_REFRESH_TOKENS:-${REFRESH_TOKENS:-}}" wrk -t"$threads" -c"$4" -d"${WARMUP}s" -s "$script" "$2" >/dev/null 2>&1
  cpu0="$(cpu_ticks "$3")"
  out="$(wrk -t"$threads" -c"$4" -d"${SECONDS_EACH}s" --latency -s "$script" "$2" 2>/dev/null)"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  awk -v label="$1" -v cpu=$(( $(cpu_ticks "$3") - cpu0 )) -v n="$requests" '
    /Requests\/sec/ {rps=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-28s %8.0f tokens/s  p50 %8s  p99 %8s  non-2xx %d  auth-service CPU per token %.3f ms\n",
         label, rps, p50, p99, bad+0, cpu * 10 / n}' <<<"$out"
}

echo "== client_credentials tokens, RS256 (RSA 2048), the platform's auth-service"
pid="$(cat "$STATE/pids/auth-service.pid")"
tokens "RS256, c=1" "http://127.0.0.1:8081/oauth2/token" "$pid" 1
tokens "RS256, c=16" "http://127.0.0.1:8081/oauth2/token" "$pid" 16
echo "== password logins (bcrypt cost 10, the default), RS256, bin/platform's bootstrap admin, each from an address of its own"
SPREAD_ADDRESSES=1 BODY="grant_type=password&username=admin&password=local-dev-admin" tokens "password, c=16" "http://127.0.0.1:8081/oauth2/token" "$pid" 16

login() {   # a password login of bin/platform's bootstrap admin; prints the answer's FIELD
  curl -fs -u platform-admin:local-dev-secret -d grant_type=password -d username=admin -d password=local-dev-admin \
    http://127.0.0.1:8081/oauth2/token | sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"
  echo
}
echo "== refresh token rotation, RS256: one session per connection, each refresh presents the token the last one answered"
for connections in 1 8; do
  # Each wrk run (warm-up and measurement) needs sessions of its own: a token presented twice ends its session.
  export WARMUP_REFRESH_TOKENS="$(for _ in $(seq 1 "$connections"); do login refresh_token; done | tr '\n' ' ')"
  export REFRESH_TOKENS="$(for _ in $(seq 1 "$connections"); do login refresh_token; done | tr '\n' ' ')"
  tokens "refresh, c=$connections" "http://127.0.0.1:8081/oauth2/token" "$pid" "$connections" "$ROOT/bench/auth/refresh.lua" "$connections"
done
unset REFRESH_TOKENS WARMUP_REFRESH_TOKENS
echo "== introspection (RFC 7662) of a user's access token"
BODY="token=$(login access_token)" tokens "introspect, c=16" "http://127.0.0.1:8081/oauth2/introspect" "$pid" 16

echo "== client_credentials tokens, ES256 (P-256), a second auth-service on port $ES256_PORT (Redis database 1; $("$JAVA" -version 2>&1 | head -1))"
(cd "$APP" && exec env QUARKUS_HTTP_PORT="$ES256_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  REDIS_URL="redis://127.0.0.1:6379/1" KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 ZIPKIN_URL=http://127.0.0.1:9411 \
  TRACING_SAMPLE_RATIO="${TRACING_SAMPLE_RATIO:-0.1}" AUTH_ISSUER="http://localhost:$ES256_PORT" AUTH_KEYS_ALGORITHM=ES256 \
  AUTH_BOOTSTRAP_CLIENT_ID=platform-admin AUTH_BOOTSTRAP_CLIENT_SECRET=local-dev-secret \
  AUTH_BOOTSTRAP_ADMIN_USERNAME=admin AUTH_BOOTSTRAP_ADMIN_PASSWORD=local-dev-admin \
  AUTH_KEY_ENCRYPTION_KEY="$(cat "$STATE/secrets/key-encryption-key")" \
  AUTH_CLIENT_SECRET_PEPPER="$(cat "$STATE/secrets/client-secret-pepper")" \
  "$JAVA" -XX:+UseSerialGC -Xms32m -Xmx192m -jar quarkus-run.jar) >"$STATE/logs/bench-auth-es256.log" 2>&1 &
es256=$!
trap 'kill $es256 2>/dev/null || true' EXIT
ready=0
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$ES256_PORT/q/health/ready" >/dev/null && { ready=1; break; }
  sleep 0.5
done
[ "$ready" = 1 ] || { echo "the ES256 instance did not get ready; see $STATE/logs/bench-auth-es256.log" >&2; exit 1; }
tokens "ES256, c=1" "http://127.0.0.1:$ES256_PORT/oauth2/token" "$es256" 1
tokens "ES256, c=16" "http://127.0.0.1:$ES256_PORT/oauth2/token" "$es256" 16
kill "$es256"
redis-cli -p 6379 -n 1 flushdb >/dev/null

echo "== JWS signatures per second, one thread (jose4j, as auth-service signs; $("$JAVA" -version 2>&1 | head -1))"
"$JAVA" -cp "$(ls "$APP"/lib/main/org.bitbucket.b_c.jose4j-*.jar):$(ls "$APP"/lib/main/org.slf4j.slf4j-api-*.jar)" \
  "$ROOT/bench/auth/SignVerify.java" 5 2>/dev/null
