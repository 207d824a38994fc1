#!/usr/bin/env bash
# JMH: the embedded cache's get answered by L1 and by L2, beside a raw Redis GET through the same
# client, on a real redis-server the benchmark starts (SampleTime: mean and percentiles, one thread).
# Needs: the project installed (./mvnw install -DskipTests), redis-server.
# Usage: bench/cache-jmh.sh [extra JMH arguments, e.g. -wi 1 -i 3]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/mvnw" -B -q -f "$ROOT/bench/jmh/pom.xml" compile exec:exec -Djmh.args="CacheGetBenchmark ${*:-}"
