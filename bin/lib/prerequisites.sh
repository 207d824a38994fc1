# shellcheck shell=bash
# Shared by bin/platform and bin/test: what a fresh machine needs before the platform runs or is tested.
# Installs redis-server through apt when run as root; otherwise names what to install.

die() { echo "error: $*" >&2; exit 1; }

check_prerequisites() {
  local v
  command -v java >/dev/null || die "java is missing: install a JDK 17 or newer (e.g. sudo apt-get install openjdk-17-jdk-headless)"
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  if [ -z "$v" ] || [ "$v" -lt 17 ]; then
    die "java 17 or newer is needed (found: $(java -version 2>&1 | head -n 1)); install e.g. openjdk-17-jdk-headless"
  fi
  command -v curl >/dev/null || die "curl is missing: install it (e.g. sudo apt-get install curl)"
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
      echo "redis-server is missing: installing the Debian package redis-server ..."
      export DEBIAN_FRONTEND=noninteractive
      if ! { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }; then
        die "installing redis-server failed"
      fi
      # On a systemd machine the package starts its own Redis on 6379; the platform runs its own.
      if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        echo "Stopping and disabling the system redis-server service the package started (the platform runs its own Redis)."
        systemctl disable --now redis-server >/dev/null 2>&1 || true
      fi
    else
      die "redis-server is missing: install the Debian package redis-server (sudo apt-get install redis-server)"
    fi
  fi
}

# For bin/platform up --with-prometheus: the Debian package's prometheus and promtool.
check_prometheus() {
  command -v prometheus >/dev/null && command -v promtool >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "prometheus is missing: install the Debian package prometheus (sudo apt-get install --no-install-recommends prometheus)"
  echo "prometheus is missing: installing the Debian package prometheus ..."
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }; then
    die "installing prometheus failed"
  fi
  # On a systemd machine the package starts its own Prometheus on 9090; the platform runs its own.
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
    echo "Stopping and disabling the system prometheus service the package started (the platform runs its own)."
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
}
