# shellcheck shell=bash
# PostgreSQL for ./dev: DATABASE_URL if set, else the local server (installed and started
# if there is none), with the role and database the service needs.
# Sourced after lib.sh; defines functions only.

PG_ROLE=tracehound
PG_PASSWORD=tracehound
PG_DATABASE=tracehound

# jdbc:postgresql://host:port/db?x -> "host port db"
jdbc_parts() {
  local rest=${1#jdbc:postgresql://}
  rest=${rest%%\?*}
  local hostport=${rest%%/*} db=${rest#*/}
  local host=${hostport%%:*} port=5432
  [ "$hostport" != "$host" ] && port=${hostport#*:}
  echo "$host $port $db"
}

# Runs psql as a superuser of the local server: trust over TCP, else the postgres OS user.
pg_superuser() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  elif is_root && command -v runuser >/dev/null; then
    runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  else
    return 2
  fi
}

postgres_up() {
  local dir=$DEV_DIR/postgres
  mkdir -p "$dir"
  require_commands pg_isready:postgresql-client psql:postgresql-client
  if [ -n "${DATABASE_URL:-}" ]; then
    local host port db
    case $DATABASE_URL in
      jdbc:postgresql://*)
        read -r host port db <<<"$(jdbc_parts "$DATABASE_URL")"
        pg_isready -q -h "$host" -p "$port" -t 5 2>/dev/null \
          || die "DATABASE_URL=$DATABASE_URL: nothing answers on $host:$port. Start that server or unset DATABASE_URL to use the local one." ;;
      postgres://* | postgresql://*)
        pg_isready -q -d "$DATABASE_URL" -t 5 2>/dev/null \
          || die "DATABASE_URL (${DATABASE_URL%%@*}@...): nothing answers there. Start that server or unset DATABASE_URL to use the local one." ;;
      *) die "DATABASE_URL must be jdbc:postgresql://host:5432/db or postgres://user:password@host:5432/db" ;;
    esac
    {
      printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
      [ -n "${DATABASE_USER:-}" ] && printf 'export DATABASE_USER=%q\n' "$DATABASE_USER"
      [ -n "${DATABASE_PASSWORD:-}" ] && printf 'export DATABASE_PASSWORD=%q\n' "$DATABASE_PASSWORD"
      true
    } >"$DEV_DIR/postgres.env"
    say "PostgreSQL: using DATABASE_URL"
    return
  fi

  if ! pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
    dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q 'install ok installed' || apt_install postgresql
    is_root || die "PostgreSQL is not running on 127.0.0.1:5432. Start it (sudo pg_ctlcluster <version> main start) or set DATABASE_URL."
    local cluster
    cluster=$(pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | head -n 1)
    [ -n "$cluster" ] || die "PostgreSQL is installed but has no cluster; create one with: pg_createcluster 15 main"
    say "PostgreSQL: starting cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster --skip-systemctl-redirect $cluster start >"$dir/start.log" 2>&1 \
      || die "pg_ctlcluster $cluster start failed: $(tail -n 5 "$dir/start.log")"
    echo "$cluster" >"$dir/started-by-dev"
    wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not come up on 127.0.0.1:5432 within 30 s"
  fi

  if ! PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U "$PG_ROLE" -d "$PG_DATABASE" -tAc 'SELECT 1' >/dev/null 2>&1; then
    say "PostgreSQL: creating role $PG_ROLE and database $PG_DATABASE"
    pg_superuser -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
          CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD' CREATEDB;
        END IF; END \$\$;" >/dev/null \
      || die "cannot reach PostgreSQL as a superuser to create role $PG_ROLE. Run as root, or create them yourself:
  CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD' CREATEDB; CREATE DATABASE $PG_DATABASE OWNER $PG_ROLE;"
    if [ "$(pg_superuser -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
      pg_superuser -c "CREATE DATABASE $PG_DATABASE OWNER $PG_ROLE" >/dev/null || die "cannot create database $PG_DATABASE"
    fi
    PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -U "$PG_ROLE" -d "$PG_DATABASE" -tAc 'SELECT 1' >/dev/null 2>&1 \
      || die "role $PG_ROLE cannot log in to $PG_DATABASE over TCP with its password; check pg_hba.conf allows md5/scram or trust for 127.0.0.1"
  fi
  {
    echo "export DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/$PG_DATABASE"
    echo "export DATABASE_USER=$PG_ROLE"
    echo "export DATABASE_PASSWORD=$PG_PASSWORD"
  } >"$DEV_DIR/postgres.env"
  say "PostgreSQL: database $PG_DATABASE on 127.0.0.1:5432"
}

postgres_down() {
  local dir=$DEV_DIR/postgres cluster
  [ -f "$dir/started-by-dev" ] || return 0
  cluster=$(cat "$dir/started-by-dev")
  say "PostgreSQL: stopping cluster $cluster (./dev up started it)"
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $cluster stop >/dev/null 2>&1 || warn "pg_ctlcluster $cluster stop failed"
  rm -f "$dir/started-by-dev"
}
