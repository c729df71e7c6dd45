#!/usr/bin/env bash
# Follow docs/deploy.md verbatim on this machine, so the guide cannot rot.
#
# Runs the command blocks the guide marks `<!-- deploy-check: NAME -->` (install, migrate,
# demo, serve), as written, in a fresh virtual environment in a temporary folder, against a
# fresh PostgreSQL database, with the guide's environment file (only the places and local
# services replaced); then fetches pages from gunicorn and cleans up. Localhost only;
# every step has a time limit; any failure exits non-zero.
#
#   DEPLOY_CHECK_DB         database to (re)create      (default twin_deploy_ci)
#   DEPLOY_CHECK_PORT       gunicorn's port             (default 8731)
#   DEPLOY_CHECK_REDIS_URL  Redis for the site's cache  (default: none, per-process cache)
#   PGHOST, PGUSER          PostgreSQL server           (default 127.0.0.1, postgres)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
GUIDE="$ROOT/docs/deploy.md"
DB="${DEPLOY_CHECK_DB:-twin_deploy_ci}"
PORT="${DEPLOY_CHECK_PORT:-8731}"
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
HOST=twinning.example.org  # the guide's ALLOWED_HOSTS, as the proxy would pass it
STARTED=$SECONDS

# The guide's places, replaced by the script's own (its "places used below" block).
WORK="$(mktemp -d "${TMPDIR:-/tmp}/twinning-deploy-check.XXXXXX")"
export APP="$WORK/app" SRC="$ROOT" ENV_FILE="$WORK/twinning.env" BIND="127.0.0.1:$PORT"
mkdir -p "$APP"
SERVER_PID=""

cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $status -ne 0 && -s "$WORK/gunicorn.log" ]]; then
    echo "-- gunicorn's log:"; tail -n 40 "$WORK/gunicorn.log"
  fi
  timeout 30 dropdb --if-exists "$DB" || true
  rm -rf "$WORK"
  echo "deploy-check: $([[ $status -eq 0 ]] && echo passed || echo FAILED) in $((SECONDS - STARTED))s"
  exit $status
}
trap cleanup EXIT

fail() { echo "deploy-check: $*" >&2; exit 1; }

# The fenced block right after the guide's `<!-- deploy-check: NAME -->` line.
block() {
  local text
  text="$(awk -v marker="<!-- deploy-check: $1 -->" '
    $0 == marker { found = 1; next }
    found && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }
  ' "$GUIDE")"
  [[ -n "$text" ]] || fail "docs/deploy.md has no block marked deploy-check: $1"
  printf '%s\n' "$text"
}

echo "== the guide's environment file, with this machine's places and services"
block env-file >"$ENV_FILE"
cat >>"$ENV_FILE" <<EOF
# deploy-check: local places and services (later lines win)
SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
DATABASE_URL=postgres://$PGUSER@$PGHOST:5432/$DB
REDIS_URL=${DEPLOY_CHECK_REDIS_URL:-}
EMAIL_URL=consolemail://
TWINNING_DATA_DIR=$WORK/data
EOF
if (set -a; . "$ENV_FILE"; env) | grep -q "=/srv/"; then
  fail "the environment file names a folder under /srv/ that this script does not replace"
fi

echo "== a fresh database: $DB"
timeout 30 dropdb --if-exists "$DB"
timeout 30 createdb "$DB"

run_blocks() {
  local script=""
  for name in "$@"; do script+="$(block "$name")"$'\n'; done
  (cd "$WORK" && timeout 1200 bash -euo pipefail -c "$script")
}

echo "== install, migrate, collectstatic, demo (the guide's blocks)"
run_blocks install
run_blocks migrate demo

echo "== a value with spaces survives the environment file"
issuer="$(set -a; . "$ENV_FILE"; set +a; timeout 60 "$APP/venv/bin/twinning" shell --verbosity 0 -c \
  'from django.conf import settings; print(settings.OTP_TOTP_ISSUER, "|", settings.DEFAULT_FROM_EMAIL)')"
[[ "$issuer" == "Seattle Sister City Office | Seattle Sister City Office <office@example.org>" ]] \
  || fail "the environment file's quoted values came out as: $issuer"

echo "== gunicorn on $BIND (the guide's serve block, DEBUG off)"
(cd "$WORK" && exec bash -euo pipefail -c "$(block serve)") >"$WORK/gunicorn.log" 2>&1 &
SERVER_PID=$!

fetch() {  # fetch PATH OUTPUT: as nginx would pass it (host, HTTPS scheme, address)
  curl --silent --show-error --max-time 60 --output "$2" --write-out '%{http_code}' \
    -H "Host: $HOST" -H "X-Forwarded-Proto: https" -H "X-Forwarded-For: 203.0.113.7" \
    "http://$BIND$1"
}

for _ in $(seq 1 60); do
  kill -0 "$SERVER_PID" 2>/dev/null || fail "gunicorn stopped"
  [[ "$(fetch /en/ /dev/null 2>/dev/null || true)" == 200 ]] && break
  sleep 1
done

check() {  # check PATH TEXT...: 200, and each TEXT in the body
  local path="$1" body="$WORK/page" status
  shift
  status="$(fetch "$path" "$body")"
  [[ "$status" == 200 ]] || fail "$path answered $status"
  for text in "$@"; do
    grep -qF -- "$text" "$body" || fail "$path does not contain: $text"
  done
  echo "   200 $path"
}

check /en/ "Seattle" "Chongqing"
check /zh-hans/ "重庆" "西雅图" 'lang="zh-hans"'
check /en/cities/chongqing/ "Chongqing"
check /en/exchanges/ "Exchange archive"
check /zh-hans/exchanges/ "交流档案"
check /en/exchanges/2012-03-mcginn-leads-delegation-to-chongqing/ "McGinn"
check /en/delegations/2012-seattle-week-in-chongqing/ "Seattle"
check "/en/delegations/2012-seattle-week-in-chongqing/pdf/itinerary/?lang=both" "%PDF-"
fetch /en/ "$WORK/page" >/dev/null
stylesheet="$(grep -oE '/static/[^"]+\.css' "$WORK/page" | head -n 1)"
[[ -n "$stylesheet" ]] || fail "the home page links no stylesheet"
check "$stylesheet" "{"
