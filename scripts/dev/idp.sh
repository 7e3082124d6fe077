# shellcheck shell=bash
# The development OIDC provider (dev-idp/) for ./dev: start it before the service, stop, status.
# Sourced after lib.sh; defines functions only. TRACEHOUND_DEV_IDP=false leaves it out entirely.
#
# The provider is the one truth about its demo users: it prints them when it starts, and
# idp_summary and ./dev login read them from its log.

IDP_LOG=$DEV_DIR/dev-idp.log
IDP_CLIENT_ID=tracehound
IDP_CLIENT_SECRET=tracehound-local-only

idp_enabled() { [ "${TRACEHOUND_DEV_IDP:-true}" != false ]; }

idp_pid() { cat "$DEV_DIR/dev-idp.pid" 2>/dev/null || true; }

# idp_running: the provider ./dev started is alive; its issuer is in .dev/dev-idp.url.
idp_running() { pid_alive "$(idp_pid)" && [ -f "$DEV_DIR/dev-idp.url" ]; }

# idp_modules: what app_build must build besides the service (the provider's exec jar), if anything.
idp_modules() { if idp_enabled; then echo dev-idp; fi; }

idp_answers() {
  curl -fsS --max-time 2 "$1/.well-known/openid-configuration" 2>/dev/null | jq -e --arg issuer "$1" '.issuer == $issuer' >/dev/null
}

# idp_start SERVICE_PORT: starts the provider with the service's login callback on SERVICE_PORT as
# its redirect URI, waits for its discovery document, and exports the service's settings for it, so
# the service started next (app_start) finds its issuer at start-up.
idp_start() {
  local service_port=$1 port issuer jar i
  # A provider left by an earlier ./dev up whose service did not start: its redirect URI may be stale.
  idp_stop
  if ! idp_enabled; then
    say "development OIDC provider: off (TRACEHOUND_DEV_IDP=false); the service starts without login settings"
    return 0
  fi
  jar=$(copy_exec_jar dev-idp) || exit 1
  port=$(free_port "${TRACEHOUND_DEV_IDP_PORT:-9000}")
  issuer=http://localhost:$port
  say "starting the development OIDC provider at $issuer (log: $IDP_LOG)"
  nohup "$JAVA_HOME/bin/java" -Xmx256m -jar "$jar" --server.port="$port" \
    --dev-idp.issuer="$issuer" --dev-idp.redirect-uri="http://localhost:$service_port/login/oauth2/code/dev" \
    >"$IDP_LOG" 2>&1 9>&- &
  echo $! >"$DEV_DIR/dev-idp.pid"
  await_answer "$DEV_DIR/dev-idp.pid" "the development OIDC provider" "$IDP_LOG" 60 idp_answers "$issuer"
  echo "$issuer" >"$DEV_DIR/dev-idp.url"
  # Exported into ./dev's own environment, so only the service it starts next inherits them
  # (never written to a .env file: ./dev test would hand them to the tests).
  export SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_DEV_ISSUER_URI=$issuer
  export SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEV_CLIENT_ID=$IDP_CLIENT_ID
  export SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEV_CLIENT_SECRET=$IDP_CLIENT_SECRET
  export SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_DEV_SCOPE=openid,profile,email
  export TRACEHOUND_AUTH_JWT_ISSUER_URI=$issuer
  export TRACEHOUND_DEMO_IDENTITY_ISSUER=$issuer
  # The demo users' roles, as the provider printed them ("owner@demo.local=owner,..."); it prints
  # them once ready, which can come a moment after its discovery document answers.
  for ((i = 0; i < 20; i++)); do
    [ -n "$(idp_demo_users)" ] && break
    sleep 0.5
  done
  TRACEHOUND_DEMO_MEMBERS=$(idp_demo_users | awk '{ printf "%s%s=%s", (NR > 1 ? "," : ""), $2, $1 }')
  export TRACEHOUND_DEMO_MEMBERS
}

# idp_demo_users: the demo users' lines ("  owner    owner@demo.local     password owner-local-only")
# as the provider printed them at its start.
idp_demo_users() {
  awk '/Development OIDC provider .*demo users:$/ { on = 1; next }
       on && /^  [a-z]+ +[^ ]+@[^ ]+ +password / { print; next }
       on { exit }' "$IDP_LOG" 2>/dev/null
}

# idp_password EMAIL: the demo user's password as the provider printed it; empty if EMAIL is none.
idp_password() {
  idp_demo_users | awk -v email="$1" '$2 == email && $3 == "password" { print $4; exit }'
}

idp_summary() {
  idp_running || return 0
  local url users
  url=$(cat "$DEV_DIR/app.url" 2>/dev/null || echo "<service>")
  users=$(idp_demo_users)
  say "log in: open $url/oauth2/authorization/dev in a browser, or run ./dev login [email] (docs/identity.md); the issuer is the development OIDC provider at $(cat "$DEV_DIR/dev-idp.url") (not for production)"
  if [ -n "$users" ]; then
    say "demo users (passwords are not secrets):"
    printf '%s\n' "$users" >&2
  else
    say "demo users: the provider did not print them; see $IDP_LOG"
  fi
}

idp_stop() {
  stop_pidfile "$DEV_DIR/dev-idp.pid" "the development OIDC provider"
  rm -f "$DEV_DIR/dev-idp.url"
}

idp_status() {
  if idp_running; then
    say "development OIDC provider: running (pid $(idp_pid)) at $(cat "$DEV_DIR/dev-idp.url")"
  else
    say "development OIDC provider: not running"
  fi
}
