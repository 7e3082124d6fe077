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
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<!-- Written by ./dev: a private ClickHouse for this checkout. -->
<yandex>
  <logger>
    <level>warning</level>
    <log>$dir/log/server.log</log>
    <errorlog>$dir/log/error.log</errorlog>
    <size>50M</size>
    <count>2</count>
  </logger>
  <http_port>$http_port</http_port>
  <tcp_port>$tcp_port</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
XML
  cat >"$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <load_balancing>random</load_balancing>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries><errors>0</errors><result_rows>0</result_rows>
        <read_rows>0</read_rows><execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
XML
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
