# shellcheck shell=bash
# ClickHouse for ./dev: CLICKHOUSE_URL if set, else a private server under .dev/clickhouse.
# Sourced after lib.sh; defines functions only.

# ch_curl ARGS...: curl with the ClickHouse credentials of the environment, if any.
ch_curl() {
  if [ -n "${CLICKHOUSE_USER:-}" ]; then
    curl -fsS -u "$CLICKHOUSE_USER:${CLICKHOUSE_PASSWORD:-}" "$@"
  else
    curl -fsS "$@"
  fi
}

clickhouse_answers() { ch_curl --max-time 5 "${1%/}/?query=SELECT%201" >/dev/null 2>&1; }

clickhouse_up() {
  local dir=$DEV_DIR/clickhouse
  if [ -n "${CLICKHOUSE_URL:-}" ]; then
    clickhouse_answers "$CLICKHOUSE_URL" || die "CLICKHOUSE_URL=$CLICKHOUSE_URL does not answer (tried SELECT 1 over HTTP). Start that server or unset CLICKHOUSE_URL to let ./dev run its own."
    printf 'export CLICKHOUSE_URL=%q\n' "$CLICKHOUSE_URL" >"$DEV_DIR/clickhouse.env"
    say "ClickHouse: using CLICKHOUSE_URL=$CLICKHOUSE_URL"
    return
  fi
  if [ -f "$dir/server.pid" ] && pid_alive "$(cat "$dir/server.pid")" && [ -f "$DEV_DIR/clickhouse.env" ]; then
    # shellcheck disable=SC1091
    . "$DEV_DIR/clickhouse.env"
    if clickhouse_answers "$CLICKHOUSE_URL"; then
      say "ClickHouse: already running at $CLICKHOUSE_URL"
      return
    fi
  fi
  apt_install clickhouse-server
  local server
  server=$(command -v clickhouse-server || echo /usr/bin/clickhouse-server)
  [ -x "$server" ] || die "clickhouse-server is installed but not executable at $server"

  mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
  local http_port tcp_port
  http_port=$(free_port 18123)
  tcp_port=$(free_port 19000)
  sed -e "s|@DIR@|$dir|g" -e "s|@HTTP_PORT@|$http_port|g" -e "s|@TCP_PORT@|$tcp_port|g" \
    "$REPO_ROOT/scripts/dev/clickhouse/config.xml" >"$dir/config.xml"
  cp "$REPO_ROOT/scripts/dev/clickhouse/users.xml" "$dir/users.xml"
  say "ClickHouse: starting a private server on 127.0.0.1:$http_port (data in $dir/data)"
  # The subshell execs the server, so $! is the server's pid (18.16 writes no pid file of its own here).
  ( cd "$dir" && exec "$server" --config-file="$dir/config.xml" ) >"$dir/log/stdout.log" 2>&1 9>&- &
  echo $! >"$dir/server.pid"
  local url=http://127.0.0.1:$http_port
  if ! wait_for 60 clickhouse_answers "$url"; then
    stop_pidfile "$dir/server.pid" "ClickHouse"
    die "ClickHouse did not answer on $url within 60 s; the last lines of its logs:
$(tail -n 20 "$dir/log/error.log" "$dir/log/stdout.log" 2>/dev/null)"
  fi
  echo "export CLICKHOUSE_URL=$url" >"$DEV_DIR/clickhouse.env"
  touch "$dir/started-by-dev"
  say "ClickHouse: $(curl -fsS "$url/?query=SELECT%20version()") at $url"
}

clickhouse_down() {
  local dir=$DEV_DIR/clickhouse
  [ -f "$dir/started-by-dev" ] || return 0
  stop_pidfile "$dir/server.pid" "ClickHouse"
  rm -f "$dir/started-by-dev" "$DEV_DIR/clickhouse.env"
}
