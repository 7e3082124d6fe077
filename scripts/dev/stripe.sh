# shellcheck shell=bash
# The development Stripe stub (dev-stripe/) for ./dev: start it before the service, stop, status.
# Sourced after lib.sh; defines functions only. TRACEHOUND_DEV_STRIPE=false leaves it out entirely:
# the service then runs with billing off (unless TRACEHOUND_BILLING_STRIPE_* come from your environment).
#
# The stub speaks the Stripe endpoints the service uses, serves the checkout and portal pages, and
# signs its webhooks with the secret below, sending them to the service's webhook endpoint.

STRIPE_LOG=$DEV_DIR/dev-stripe.log
# Not secrets: the stub takes any test key, and this secret signs only the stub's own events.
STRIPE_SECRET_KEY=sk_test_local_only
STRIPE_WEBHOOK_SECRET=whsec_local_only
# The service's webhook endpoint (StripeWebhookController in app/).
STRIPE_WEBHOOK_PATH=/webhooks/stripe

stripe_enabled() { [ "${TRACEHOUND_DEV_STRIPE:-true}" != false ]; }

stripe_pid() { cat "$DEV_DIR/dev-stripe.pid" 2>/dev/null || true; }

# stripe_running: the stub ./dev started is alive; its URL is in .dev/dev-stripe.url.
stripe_running() { pid_alive "$(stripe_pid)" && [ -f "$DEV_DIR/dev-stripe.url" ]; }

# stripe_modules: what app_build must build besides the service (the stub's exec jar), if anything.
stripe_modules() { if stripe_enabled; then echo dev-stripe; fi; }

stripe_answers() { curl -fsS --max-time 2 "$1/_stub/requests" >/dev/null 2>&1; }

# stripe_start SERVICE_PORT: starts the stub with the service's webhook endpoint on SERVICE_PORT as
# its webhook URL, waits until it answers, and exports the service's Stripe settings, so the
# service started next (app_start) runs with billing on against the stub.
stripe_start() {
  local service_port=$1 port url jar
  # A stub left by an earlier ./dev up whose service did not start: its webhook URL may be stale.
  stripe_stop
  if ! stripe_enabled; then
    say "development Stripe stub: off (TRACEHOUND_DEV_STRIPE=false); billing is off unless TRACEHOUND_BILLING_STRIPE_SECRET_KEY is set"
    return 0
  fi
  jar=$(copy_exec_jar dev-stripe) || exit 1
  port=$(free_port "${TRACEHOUND_DEV_STRIPE_PORT:-12111}")
  url=http://localhost:$port
  say "starting the development Stripe stub at $url (log: $STRIPE_LOG)"
  nohup "$JAVA_HOME/bin/java" -Xmx128m -jar "$jar" --port="$port" \
    --webhook-secret="$STRIPE_WEBHOOK_SECRET" --webhook-url="http://localhost:$service_port$STRIPE_WEBHOOK_PATH" \
    >"$STRIPE_LOG" 2>&1 9>&- &
  echo $! >"$DEV_DIR/dev-stripe.pid"
  await_answer "$DEV_DIR/dev-stripe.pid" "the development Stripe stub" "$STRIPE_LOG" 30 stripe_answers "$url"
  echo "$url" >"$DEV_DIR/dev-stripe.url"
  # Exported into ./dev's own environment, so only the service it starts next inherits them
  # (never written to a .env file: ./dev test would hand them to the tests).
  export TRACEHOUND_BILLING_STRIPE_SECRET_KEY=$STRIPE_SECRET_KEY
  export TRACEHOUND_BILLING_STRIPE_WEBHOOK_SECRET=$STRIPE_WEBHOOK_SECRET
  export TRACEHOUND_BILLING_STRIPE_API_BASE=$url
}

stripe_summary() {
  stripe_running || return 0
  local url
  url=$(cat "$DEV_DIR/dev-stripe.url")
  say "billing: against the development Stripe stub at $url (not for production): its checkout and portal pages, signed webhooks to the service's $STRIPE_WEBHOOK_PATH; what it received: curl $url/_stub/requests; a failed payment: curl -X POST $url/_stub/subscriptions/<sub_id>/payment-failed (dev-stripe/README.md)"
}

stripe_stop() {
  stop_pidfile "$DEV_DIR/dev-stripe.pid" "the development Stripe stub"
  rm -f "$DEV_DIR/dev-stripe.url"
}

stripe_status() {
  if stripe_running; then
    say "development Stripe stub: running (pid $(stripe_pid)) at $(cat "$DEV_DIR/dev-stripe.url")"
  else
    say "development Stripe stub: not running"
  fi
}
