# Sourced by test.sh: starts a real PostgreSQL and Redis on loopback for the suite, installing
# them with apt-get when they are missing and we may (root), and stops them on exit.
# Exports STACK_TEST_POSTGRES_URL, STACK_TEST_REDIS_URL and STACK_TEST_CHROMIUM.
# STACK_TEST_SERVICES=0 skips all of it; the tests that need a service then skip themselves
# (except in CI, where a missing service fails them).

services_dir=""
stop_services() {
  [ -n "$services_dir" ] || return 0
  if [ -f "$services_dir/redis.pid" ]; then kill "$(cat "$services_dir/redis.pid")" 2>/dev/null || true; fi
  if [ -d "$services_dir/pg" ]; then as_pg "$pg_bin/pg_ctl" -D "$services_dir/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$services_dir"
}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

apt_install() {
  [ "$(id -u)" = 0 ] || { echo "services: $* missing and not root; skipping" >&2; return 1; }
  command -v apt-get >/dev/null || return 1
  # The marker lives in the checkout (ignored by git), not in the system temp folder, which a
  # test run must leave as it found it.
  local marker; marker="$(dirname "${BASH_SOURCE[0]}")/../.stack-services/apt-updated"
  if [ ! -f "$marker" ]; then
    apt-get update -qq >/dev/null && mkdir -p "$(dirname "$marker")" && touch "$marker"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ]; then apt_install postgresql || return 0; pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
  local port; port=$(free_port)
  mkdir -p "$services_dir/pg"
  [ "$(id -u)" = 0 ] && chown -R postgres "$services_dir"
  as_pg "$pg_bin/initdb" -D "$services_dir/pg" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$services_dir/pg" -w -l "$services_dir/pg.log" \
    -o "-h 127.0.0.1 -p $port -k $services_dir -F" start >/dev/null
  export STACK_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "services: PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server || return 0
  local port; port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --pidfile "$services_dir/redis.pid" --logfile "$services_dir/redis.log" >/dev/null
  export STACK_TEST_REDIS_URL="redis://127.0.0.1:$port"
  echo "services: Redis on 127.0.0.1:$port"
}

find_nginx() {
  # The server-sent events test proxies through a real nginx (it starts its own, on loopback).
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || apt_install nginx || return 0
}

find_chromium() {
  command -v chromium >/dev/null || apt_install chromium fonts-dejavu-core || return 0
  export STACK_TEST_CHROMIUM="$(command -v chromium)"
  echo "services: Chromium at $STACK_TEST_CHROMIUM"
}

if [ "${STACK_TEST_SERVICES:-1}" != 0 ]; then
  services_dir=$(mktemp -d /tmp/stack-services.XXXXXX)
  chmod 755 "$services_dir"
  trap stop_services EXIT
  start_postgres
  start_redis
  find_chromium
  find_nginx
fi
