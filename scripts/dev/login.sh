# shellcheck shell=bash
# ./dev login [EMAIL] [PASSWORD]: the browser login, done with curl against the running service and
# the development OIDC provider, ending with GET /api/v1/me. Sourced after lib.sh and idp.sh;
# defines functions only.
#
# It does no PKCE itself, on purpose: the service makes the verifier, sends its S256 challenge in
# the redirect to the provider, keeps the verifier in its session and sends it with the code to
# the provider's token endpoint. This script only carries cookies and follows redirects, as a
# browser does. It keeps two cookie jars, one per server, because cookies ignore ports: the
# provider's JSESSIONID would otherwise go to the service too (both are on localhost).

LOGIN_CALLBACK_PATH=/login/oauth2/code/dev

# _login_request JAR URL [CURL ARGS...]: one request without following redirects; the body goes to
# $_LOGIN_BODY, and "STATUS REDIRECT-URL" (absolute; empty when none) is printed.
_login_request() {
  local jar=$1 url=$2
  shift 2
  curl -sS -o "$_LOGIN_BODY" -b "$jar" -c "$jar" -H 'Accept: text/html' \
    -w '%{http_code} %{redirect_url}' "$@" "$url" \
    || die "no answer from ${url%%\?*}; is the stack up? ./dev status shows it, ./dev up starts it"
}

# _login_jar_for URL: the jar of the server URL belongs to.
_login_jar_for() {
  case $1 in
    "$_LOGIN_ISSUER"/*) echo "$_LOGIN_IDP_JAR" ;;
    "$_LOGIN_SERVICE"/*) echo "$_LOGIN_JAR" ;;
    *) die "the login was sent to $1, neither the service ($_LOGIN_SERVICE) nor the provider ($_LOGIN_ISSUER)" ;;
  esac
}

login_run() {
  local email=${1:-owner@demo.local} password=${2:-} answer status location csrf hops url jar
  require_commands curl:curl jq:jq
  if ! pid_alive "$(app_pid)" || [ ! -f "$DEV_DIR/app.url" ]; then
    die "the service is not running; start the stack with ./dev up"
  fi
  idp_running \
    || die "the development OIDC provider is not running (./dev up starts it unless TRACEHOUND_DEV_IDP=false); ./dev login logs in through it"
  _LOGIN_SERVICE=$(cat "$DEV_DIR/app.url")
  _LOGIN_ISSUER=$(cat "$DEV_DIR/dev-idp.url")
  if [ -z "$password" ]; then
    password=$(idp_password "$email")
    [ -n "$password" ] || die "$email is not a demo user, so give the password too: ./dev login EMAIL PASSWORD. The demo users:
$(idp_demo_users)"
  fi

  mkdir -p "$DEV_DIR/login"
  _LOGIN_JAR=$DEV_DIR/login/${email//\//_}.cookies
  _LOGIN_IDP_JAR=$(mktemp "$DEV_DIR/login/provider.XXXXXX")
  _LOGIN_BODY=$(mktemp "$DEV_DIR/login/body.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -f '$_LOGIN_IDP_JAR' '$_LOGIN_BODY'" EXIT
  rm -f "$_LOGIN_JAR"
  (umask 077 && : >"$_LOGIN_JAR")

  # 1. The service starts the login: it saves the request (state, nonce, PKCE verifier) in a new
  #    session and sends the browser to the provider's authorization endpoint.
  answer=$(_login_request "$_LOGIN_JAR" "$_LOGIN_SERVICE/oauth2/authorization/dev")
  read -r status location <<<"$answer"
  [ "$status" = 302 ] || die "GET $_LOGIN_SERVICE/oauth2/authorization/dev answered $status, not a redirect to the provider: this service has no login 'dev' (started with TRACEHOUND_DEV_IDP=false?); see $DEV_DIR/app.log"
  case $location in
    "$_LOGIN_ISSUER"/*) ;;
    *) die "the service sends its login to $location, not to the development provider at $_LOGIN_ISSUER" ;;
  esac

  # 2. The provider has no session yet, so it keeps the authorization request and shows its login form.
  answer=$(_login_request "$_LOGIN_IDP_JAR" "$location")
  read -r status location <<<"$answer"
  [ "$status" = 302 ] || die "the provider refused the service's authorization request (HTTP $status); most likely the
service's callback $_LOGIN_SERVICE$LOGIN_CALLBACK_PATH is not the redirect URI the provider registered (./dev up sets both; see $IDP_LOG)"
  answer=$(_login_request "$_LOGIN_IDP_JAR" "$location")
  read -r status location <<<"$answer"
  csrf=$(sed -n 's/.*<input[^>]*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' "$_LOGIN_BODY" | head -n 1)
  if [ "$status" != 200 ] || [ -z "$csrf" ]; then
    die "the provider's login form (status $status) has no _csrf field; see $IDP_LOG"
  fi

  # 3. The form login; on success the provider goes back to the kept authorization request.
  answer=$(_login_request "$_LOGIN_IDP_JAR" "$_LOGIN_ISSUER/login" --data-urlencode "username=$email" \
    --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf")
  read -r status location <<<"$answer"
  case $location in
    */login\?error*) die "the provider refused $email with that password (wrong email or password). The demo users:
$(idp_demo_users)" ;;
  esac
  [ "$status" = 302 ] || die "the provider's login answered $status instead of a redirect; see $IDP_LOG"

  # 4. Redirects until the service's callback has taken the code: it trades code + verifier for
  #    the tokens, signs the user in and answers with a redirect (and a new SESSION cookie).
  for ((hops = 0; hops < 10; hops++)); do
    case $location in
      "$_LOGIN_SERVICE$LOGIN_CALLBACK_PATH"*error=*)
        die "the provider sent the browser back with an error: ${location#*\?}" ;;
    esac
    url=$location
    jar=$(_login_jar_for "$url")
    answer=$(_login_request "$jar" "$url")
    read -r status location <<<"$answer"
    case $url in "$_LOGIN_SERVICE$LOGIN_CALLBACK_PATH"*) break ;; esac
    [ "$status" = 302 ] || [ "$status" = 303 ] || die "GET ${url%%\?*} answered $status during the login, not a redirect"
  done
  case $url in "$_LOGIN_SERVICE$LOGIN_CALLBACK_PATH"*) ;; *) die "the login never came back to the service's $LOGIN_CALLBACK_PATH" ;; esac
  case $status:$location in
    30[23]:*error*) die "the service refused the login at its callback (it redirected to $location); see $DEV_DIR/app.log" ;;
    30[23]:*) ;;
    *) die "the service's callback answered $status instead of a redirect; see $DEV_DIR/app.log" ;;
  esac

  # 5. Who the session is.
  status=$(curl -sS -o "$_LOGIN_BODY" -w '%{http_code}' -b "$_LOGIN_JAR" -c "$_LOGIN_JAR" \
    -H 'Accept: application/json' "$_LOGIN_SERVICE/api/v1/me") || die "no answer from $_LOGIN_SERVICE/api/v1/me"
  [ "$status" = 200 ] || die "signed in, but GET /api/v1/me answered $status: $(head -c 500 "$_LOGIN_BODY")"
  jq . "$_LOGIN_BODY"
  say "signed in as $email; the session cookie is in $_LOGIN_JAR, reuse it with:"
  printf '  curl -b %q %s/api/v1/me\n' "$_LOGIN_JAR" "$_LOGIN_SERVICE" >&2
  say "a POST, PUT or DELETE with the cookie also sends the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header, e.g. to log out:"
  # shellcheck disable=SC2016
  local xsrf_of_jar='$6 == "XSRF-TOKEN" { print $7 }'
  # shellcheck disable=SC2016
  printf '  XSRF=$(awk '\''%s'\'' %q)\n  curl -b %q -c %q -H "X-XSRF-TOKEN: $XSRF" -X POST %s/logout\n' \
    "$xsrf_of_jar" "$_LOGIN_JAR" "$_LOGIN_JAR" "$_LOGIN_JAR" "$_LOGIN_SERVICE" >&2
}
