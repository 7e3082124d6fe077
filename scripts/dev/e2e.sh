# shellcheck shell=bash
# ./dev e2e [ARGS]: the browser journey of frontend/e2e against the running stack: playwright-core
# driving Debian's Chromium (Playwright cannot download a browser here), axe-core on every page,
# a screenshot of each in .dev/screenshots/. ARGS go to the journey (--only login,admin).
# Sourced after lib.sh, app.sh and idp.sh; defines functions only.

# e2e_browser: Debian's chromium, installed when missing (the journey's executablePath).
e2e_browser() {
  require_commands chromium:chromium
}

# e2e_node_modules: playwright-core and axe-core from the frontend's lockfile (npm ci), when missing.
e2e_node_modules() {
  local modules=$REPO_ROOT/frontend/node_modules
  [ -f "$modules/playwright-core/package.json" ] && [ -f "$modules/axe-core/axe.min.js" ] && return 0
  command -v npm >/dev/null 2>&1 \
    || die "npm is missing; the web UI and its browser journey need Node.js 20.19+ with npm 11 (frontend/README.md)"
  say "installing the frontend's npm packages (npm ci) for playwright-core and axe-core"
  (cd "$REPO_ROOT/frontend" && npm ci --no-audit --no-fund) >"$DEV_DIR/e2e-npm.log" 2>&1 \
    || die "npm ci in frontend/ failed; the last lines of $DEV_DIR/e2e-npm.log:
$(tail -n 15 "$DEV_DIR/e2e-npm.log")"
}

# e2e_ready: the running stack, its login provider, node, Chromium and the npm packages, or a
# message saying which is missing; for the journey and for ./dev bench ui.
e2e_ready() {
  if ! pid_alive "$(app_pid)" || [ ! -f "$DEV_DIR/app.url" ]; then
    die "the service is not running; start the stack with ./dev up first"
  fi
  idp_running \
    || die "the development OIDC provider is not running (./dev up starts it unless TRACEHOUND_DEV_IDP=false); the browser logs in through it"
  command -v node >/dev/null 2>&1 || die "node is missing; the browser tests need Node.js 20.19+ (frontend/README.md)"
  e2e_browser
  e2e_node_modules
}

e2e_run() {
  local url
  e2e_ready
  url=$(cat "$DEV_DIR/app.url")
  say "the browser journey against $url (frontend/e2e/journey.mjs; screenshots in $DEV_DIR/screenshots/)"
  (cd "$REPO_ROOT/frontend" && CHROMIUM=${CHROMIUM:-$(command -v chromium)} \
    node e2e/journey.mjs "$url" --screenshots "$DEV_DIR/screenshots" "$@")
}
