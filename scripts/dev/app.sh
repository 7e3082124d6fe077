# shellcheck shell=bash
# The Tracehound service for ./dev: build, start with demo data, stop, status.
# Sourced after lib.sh; defines functions only.

APP_JAR=$REPO_ROOT/app/target/tracehound.jar

app_pid() { cat "$DEV_DIR/app.pid" 2>/dev/null || true; }

app_refuse_second() {
  local pid
  pid=$(app_pid)
  if pid_alive "$pid"; then
    say "Tracehound is already running (pid $pid) at $(cat "$DEV_DIR/app.url" 2>/dev/null); not starting a second stack."
    say "Use ./dev status, ./dev logs, or ./dev down first."
    exit 1
  fi
}

# app_build [MODULE...]: the service's jar, and the given modules' (e.g. dev-idp) in the same Maven run.
app_build() {
  local modules=app m
  for m in "$@"; do modules+=",$m"; done
  say "building the service (./mvnw package, tests skipped; ./dev test runs them)"
  (cd "$REPO_ROOT" && ./mvnw -B -q -DskipTests package -pl "$modules" -am) >"$DEV_DIR/build.log" 2>&1 \
    || die "the build failed; the last lines of $DEV_DIR/build.log:
$(grep -E 'ERROR|BUILD' "$DEV_DIR/build.log" | head -n 30)"
}

# app_ports: chooses the service's HTTP and gRPC ports (APP_PORT, APP_GRPC_PORT) before anything
# starts, so a part started ahead of the service (the OIDC provider) knows where it will listen.
app_ports() {
  APP_PORT=$(free_port "${SERVER_PORT:-8080}")
  APP_GRPC_PORT=$(free_port "${TRACEHOUND_GRPC_PORT:-4317}")
}

app_start() {
  local port grpc_port url pid i=0 last=""
  [ -n "${APP_PORT:-}" ] || app_ports
  port=$APP_PORT
  grpc_port=$APP_GRPC_PORT
  echo "$grpc_port" >"$DEV_DIR/app.grpc-port"
  url=http://localhost:$port
  # Run a copy: ./dev test rebuilds app/target while the service may still be running.
  cp "$APP_JAR" "$DEV_DIR/tracehound.jar"
  say "starting Tracehound on $url (log: $DEV_DIR/app.log)"
  # The local admin and metrics keys are not secrets either; app_summary prints them.
  # JAVA_OPTS holds several options, split on purpose.
  # shellcheck disable=SC2086
  SERVER_PORT=$port TRACEHOUND_GRPC_PORT=$grpc_port TRACEHOUND_DEMO=${TRACEHOUND_DEMO:-true} \
    TRACEHOUND_DEFAULT_WORKSPACE=${TRACEHOUND_DEFAULT_WORKSPACE:-demo} \
    TRACEHOUND_DEMO_WEBHOOK_URL=${TRACEHOUND_DEMO_WEBHOOK_URL:-http://127.0.0.1:$RECEIVER_PORT/tracehound} \
    TRACEHOUND_ADMIN_KEY=${TRACEHOUND_ADMIN_KEY:-thk_admin_local_only_not_secret} \
    TRACEHOUND_ADMIN_METRICS_KEY=${TRACEHOUND_ADMIN_METRICS_KEY:-thk_metrics_local_only_not_secret} \
    nohup "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar "$DEV_DIR/tracehound.jar" "$@" >"$DEV_DIR/app.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$DEV_DIR/app.pid"
  echo "$url" >"$DEV_DIR/app.url"
  # Readiness turns UP after the demo data is loaded; show its progress meanwhile.
  while ! curl -fsS --max-time 2 "$url/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    if ! pid_alive "$pid"; then
      rm -f "$DEV_DIR/app.pid"
      die "Tracehound stopped during start-up; the end of $DEV_DIR/app.log:
$(sed -n '/APPLICATION FAILED TO START/,$p' "$DEV_DIR/app.log" | head -n 20)
$(tail -n 15 "$DEV_DIR/app.log")"
    fi
    local line
    line=$(grep -E 'demo data' "$DEV_DIR/app.log" | tail -n 1 | sed 's/^.*DemoDataLoader *: //' || true)
    if [ -n "$line" ] && [ "$line" != "$last" ]; then say "$line"; last=$line; fi
    i=$((i + 1))
    [ $i -gt 900 ] && die "Tracehound was not ready after 15 minutes; see $DEV_DIR/app.log"
    sleep 1
  done
  app_summary "$url"
}

app_summary() {
  local url=$1 loaded
  loaded=$(grep -E 'demo data: (ready|already loaded)' "$DEV_DIR/app.log" | tail -n 1 | sed 's/^.*DemoDataLoader *: //' || true)
  [ -n "$loaded" ] && say "$loaded"
  say "Tracehound is up: API $url   health $url/actuator/health"
  say "send OTLP/HTTP to $url (/v1/traces, /v1/logs, /v1/metrics) or OTLP/gRPC to localhost:$(cat "$DEV_DIR/app.grpc-port"), with 'Authorization: Bearer ${TRACEHOUND_DEMO_API_KEY:-thk_demo_local_only_not_secret}' (the demo project's key)"
  say "query it at $url/api/v1/projects/<project>/... (OpenAPI: $url/v3/api-docs) with 'Authorization: Bearer ${TRACEHOUND_DEMO_READ_KEY:-thk_demo_read_local_only_not_secret}' (the demo project's read key; $url/api/v1/whoami gives <project>)"
  say "health shows only the status without a key; each part with its URL and version: curl -H 'Authorization: Bearer ${TRACEHOUND_ADMIN_KEY:-thk_admin_local_only_not_secret}' $url/actuator/health (the local admin key)"
  say "Prometheus metrics: curl -H 'Authorization: Bearer ${TRACEHOUND_ADMIN_METRICS_KEY:-thk_metrics_local_only_not_secret}' $url/actuator/prometheus (the local metrics key; the admin key works too)"
  say "ask the agent at $url/api/v1/projects/<project>/agent/sessions (docs/agent.md)"
  say "incidents: the anomaly detectors watch the demo project; its incident opens within a few minutes, notified to http://127.0.0.1:$RECEIVER_PORT/tracehound (run ./dev receiver to see them; docs/incidents.md)"
  # Which model answers is the line the service logged when it chose one, e.g.
  # "agent: model llama3.1 through ollama (langchain4j) at http://127.0.0.1:11434".
  say "$(app_agent_line)"
}

# The service's start-up line about the agent's model (stack, provider, model, endpoint; never a key).
app_agent_line() {
  local line
  line=$(grep -E 'AgentConfiguration[ :-]+agent: ' "$DEV_DIR/app.log" | tail -n 1 | sed -E 's/^.*AgentConfiguration[ :-]+//' || true)
  echo "${line:-agent: the service logged no model choice; see $DEV_DIR/app.log}"
}

app_stop() {
  stop_pidfile "$DEV_DIR/app.pid" "Tracehound"
  rm -f "$DEV_DIR/app.url"
}

app_status() {
  local pid
  pid=$(app_pid)
  if pid_alive "$pid"; then say "service: running (pid $pid) at $(cat "$DEV_DIR/app.url")"; else say "service: not running"; fi
  load_env
  say "ClickHouse: ${CLICKHOUSE_URL:-not started}"
  say "PostgreSQL: ${DATABASE_URL:-not started}"
  say "Docker: ${DOCKER_HOST:-not started}   sandbox image: ${TRACEHOUND_SANDBOX_IMAGE:-not built}"
}

# The demo incident, as a plain SQL query against ClickHouse.
app_incident() {
  load_env
  if [ -z "${CLICKHOUSE_URL:-}" ] || [ -z "${DATABASE_URL:-}" ]; then die "the stack is not up; run ./dev up first"; fi
  local host port db project sql query
  query="SELECT p.id FROM projects p JOIN workspaces w ON w.id = p.workspace_id WHERE w.slug = 'demo' AND p.slug = 'shop'"
  case $DATABASE_URL in
    jdbc:postgresql://*)
      read -r host port db <<<"$(jdbc_parts "$DATABASE_URL")"
      project=$(PGPASSWORD=${DATABASE_PASSWORD:-tracehound} psql -h "$host" -p "$port" -U "${DATABASE_USER:-tracehound}" -d "$db" -tAc "$query") ;;
    *) project=$(psql "$DATABASE_URL" -tAc "$query") ;;
  esac || die "cannot read the demo project from PostgreSQL"
  [[ $project =~ ^[0-9a-f-]{36}$ ]] || die "no demo project yet; ./dev up loads it"
  sql=$(sed "s/{p:String}/'$project'/g" "$REPO_ROOT/analytics/src/main/resources/clickhouse/queries/demo_incident.sql")
  say "checkout -> payments calls of project demo/shop ($project), by checkout version and provider:"
  printf '%s\n\n' "$sql" | grep -v '^--' >&2
  ch_curl "$CLICKHOUSE_URL/?database=${CLICKHOUSE_DATABASE:-tracehound}" --data-binary "$sql FORMAT PrettyCompactMonoBlock" \
    || die "the query failed against $CLICKHOUSE_URL"
  app_incident_bubbleup "$project"
}

# The same incident as the query API finds it: BubbleUp of checkout's slow spans (>= 1 s) in
# the hour around the v2.3.1 deploy, against the rest of checkout's spans of that hour.
app_incident_bubbleup() {
  local project=$1 url deploy from to body
  url=$(cat "$DEV_DIR/app.url" 2>/dev/null) || { say "(the service is not running: no BubbleUp)"; return 0; }
  require_commands jq:jq
  deploy=$(ch_curl "$CLICKHOUSE_URL/?database=${CLICKHOUSE_DATABASE:-tracehound}" --data-binary "
    SELECT toUInt32(min(timestamp)) FROM spans
    WHERE project_id = '$project' AND service_name = 'checkout'
      AND resource_attributes.value[indexOf(resource_attributes.key, 'service.version')] = '2.3.1'") || return 0
  [ "$deploy" != 0 ] || { say "(no checkout v2.3.1 spans: no BubbleUp)"; return 0; }
  from=$(date -u -d "@$((deploy - 1800))" +%Y-%m-%dT%H:%M:%SZ)
  to=$(date -u -d "@$((deploy + 1800))" +%Y-%m-%dT%H:%M:%SZ)
  body="{\"filter\":{\"from\":\"$from\",\"to\":\"$to\",\"service\":\"checkout\"},\"selection\":{\"minDurationMs\":1000}}"
  say "BubbleUp: what sets checkout's spans of >= 1 s apart, $from to $to (POST $url/api/v1/projects/$project/spans/bubbleup):"
  curl -fsS -H "Authorization: Bearer ${TRACEHOUND_DEMO_READ_KEY:-thk_demo_read_local_only_not_secret}" \
    -H 'Content-Type: application/json' -d "$body" "$url/api/v1/projects/$project/spans/bubbleup" \
    | jq -r '"\(.selectionSpans) selected, \(.baselineSpans) in the baseline",
             (.dimensions[:5][] | "  \(.key) = \(.values[0].value)  score \(.score * 1000 | round / 1000)  (\(.values[0].selectionShare * 100 | round)% of the selection, \(.values[0].baselineShare * 100 | round)% of the baseline)")' \
    || say "(the BubbleUp request failed)"
}
