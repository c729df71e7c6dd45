#!/usr/bin/env bash
# The production stack on one machine, for load and fault tests (docs/deploy.md, "Several
# servers"): nginx from Debian in front of two gunicorn app servers, a background worker,
# and PRIVATE PostgreSQL and Redis instances (never the machine's shared ones), all
# configured by environment variables written to $STACK_DIR/env.
#
#   scripts/stack.sh start | stop | status
#   scripts/stack.sh app N start|stop|kill     one app server (kill = SIGKILL, a crash)
#   scripts/stack.sh worker start|stop|kill    the background worker
#   scripts/stack.sh redis start|stop          the private Redis
#   scripts/stack.sh postgres start|stop       the private PostgreSQL
#
# Everything listens on 127.0.0.1 only. Ports and folder: STACK_DIR, STACK_PORT (nginx),
# STACK_APP_PORTS, STACK_PG_PORT, STACK_REDIS_PORT, STACK_SMTP_PORT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STACK_DIR="${STACK_DIR:-/tmp/twinning-stack}"
STACK_PORT="${STACK_PORT:-8780}"
STACK_APP_PORTS="${STACK_APP_PORTS:-8101 8102}"
STACK_PG_PORT="${STACK_PG_PORT:-5440}"
STACK_REDIS_PORT="${STACK_REDIS_PORT:-6390}"
STACK_SMTP_PORT="${STACK_SMTP_PORT:-8125}"
STACK_APP_WORKERS="${STACK_APP_WORKERS:-2}"
STACK_USER="${STACK_USER:-twinning-stack}"  # runs PostgreSQL and nginx when we are root
BIN="${STACK_BIN:-$ROOT/.venv/bin}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
RUN="$STACK_DIR/run"

say() { echo "stack: $*"; }
die() { echo "stack: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root, and nginx's workers would drop to nobody: as root, both
# run as a system user of their own.
as_stack_user() {
  if [ "$(id -u)" = 0 ]; then
    # From the stack's folder: the checkout may be closed to that user, and initdb fails
    # where it cannot read its working directory.
    (cd "$STACK_DIR" && runuser -u "$STACK_USER" -- "$@")
  else
    "$@"
  fi
}

ensure_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$STACK_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$STACK_USER"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: poll until COMMAND succeeds
  local seconds="$1" what="$2"
  shift 2
  for _ in $(seq $((seconds * 5))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "$what did not come up within ${seconds}s (logs in $RUN)"
}

http_ok() { curl -fsS -o /dev/null --max-time 5 "$1"; }

# A process in a session of its own, so that stopping it (or killing it as a crash would)
# takes its children along; the pid written is the session's, whatever setsid does.
launch() {  # launch NAME COMMAND...
  local name="$1"
  shift
  local vars
  mapfile -t vars < <(grep -v '^#' "$STACK_DIR/env" | grep .)
  rm -f "$RUN/$name.pid"
  setsid -f bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$RUN/$name.pid" env "${vars[@]}" "$@" \
    >>"$RUN/$name.log" 2>&1 </dev/null
  for _ in $(seq 50); do [ -s "$RUN/$name.pid" ] && return 0; sleep 0.1; done
  die "$name did not start"
}

signal_group() {  # signal_group NAME SIGNAL: signal the process group, wait for it to go
  local name="$1" sig="$2" pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid="$(cat "$RUN/$name.pid")"
  kill "-$sig" -- "-$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 -- "-$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$name.pid"
}

write_env() {
  local secret field_key
  secret="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  # A Fernet key (32 random bytes, URL-safe base64) for the passport fields.
  field_key="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_')"
  # The load comes from one address (127.0.0.1): the API's per-address limit of production
  # (1200/m) would answer most of it 429 (the limit itself is tested in tests/api).
  cat >"$STACK_DIR/env" <<EOF
DJANGO_SETTINGS_MODULE=twinning.settings
DEBUG=false
SECRET_KEY=$secret
TWINNING_FIELD_KEYS=$field_key
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$STACK_PORT
DATABASE_URL=postgres://postgres@127.0.0.1:$STACK_PG_PORT/twinning
DATABASE_CONN_MAX_AGE=60
REDIS_URL=redis://127.0.0.1:$STACK_REDIS_PORT/0
TRUSTED_PROXY_COUNT=1
TWINNING_API_RATE_PER_IP=${STACK_API_RATE_PER_IP:-1000000/m}
TWINNING_BASE_URL=http://127.0.0.1:$STACK_PORT
TWINNING_DATA_DIR=$STACK_DIR/data
STATIC_ROOT=$STACK_DIR/static
EMAIL_URL=smtp://127.0.0.1:$STACK_SMTP_PORT
TASKS_BACKEND=django_tasks_db.DatabaseBackend
LOG_LEVEL=WARNING
TWINNING_STACK_DIR=$STACK_DIR
TWINNING_STACK_URL=http://127.0.0.1:$STACK_PORT
TWINNING_STACK_APP_PORTS=${STACK_APP_PORTS// /,}
TWINNING_STACK_SMTP_DIR=$STACK_DIR/mail
EOF
}

with_env() {  # with_env COMMAND...: run with the stack's environment (values hold no spaces)
  local vars
  mapfile -t vars < <(grep -v '^#' "$STACK_DIR/env" | grep .)
  env "${vars[@]}" "$@"
}

redis_start() {
  alive "$RUN/redis.pid" && return 0
  redis-server --bind 127.0.0.1 --port "$STACK_REDIS_PORT" --save '' --appendonly no \
    --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN"
  wait_for 10 Redis redis-cli -p "$STACK_REDIS_PORT" ping
}

redis_stop() {
  alive "$RUN/redis.pid" || return 0
  redis-cli -p "$STACK_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$RUN/redis.pid")"
  for _ in $(seq 50); do alive "$RUN/redis.pid" || break; sleep 0.1; done
  rm -f "$RUN/redis.pid"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$STACK_PG_PORT"; }

postgres_start() {
  [ -n "$PG_BIN" ] || die "PostgreSQL's server binaries are missing (Debian package postgresql)"
  if [ ! -f "$STACK_DIR/pg/PG_VERSION" ]; then
    mkdir -p "$STACK_DIR/pg"
    [ "$(id -u)" = 0 ] && chown "$STACK_USER" "$STACK_DIR/pg"
    chmod 700 "$STACK_DIR/pg"
    as_stack_user "$PG_BIN/initdb" -D "$STACK_DIR/pg" -U postgres --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$RUN/initdb.log"
  fi
  pg_ready && return 0
  as_stack_user "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg" -l "$STACK_DIR/pg/server.log" -w -t 30 \
    -o "-p $STACK_PG_PORT -c listen_addresses=127.0.0.1 -k $STACK_DIR/pg" start >/dev/null
  wait_for 30 PostgreSQL pg_ready
}

postgres_stop() {
  [ -f "$STACK_DIR/pg/postmaster.pid" ] || return 0
  as_stack_user "$PG_BIN/pg_ctl" -D "$STACK_DIR/pg" -m fast -w -t 30 stop >/dev/null || true
}

app_port() { echo "$STACK_APP_PORTS" | tr ' ' '\n' | sed -n "${1}p"; }

app_start() {
  local n="$1" port
  port="$(app_port "$n")"
  alive "$RUN/app$n.pid" && return 0
  launch "app$n" "$BIN/gunicorn" twinning.wsgi:application \
    --bind "127.0.0.1:$port" --workers "$STACK_APP_WORKERS" --timeout 30 \
    --graceful-timeout 10 --access-logfile "$RUN/app$n-access.log"
  wait_for 30 "app server $n" http_ok "http://127.0.0.1:$port/en/"
}

worker_start() {
  alive "$RUN/worker.pid" && return 0
  # Tasks left running by a worker that died are run again (twinning/core/tasks.py).
  with_env "$BIN/twinning" tasks_recover
  launch worker "$BIN/twinning" db_worker --interval 0.5 --no-startup-delay
}

smtp_start() {
  alive "$RUN/smtp.pid" && return 0
  mkdir -p "$STACK_DIR/mail"
  launch smtp "$BIN/python" -m stack.smtp_sink --port "$STACK_SMTP_PORT" --dir "$STACK_DIR/mail"
  wait_for 10 "the mail sink" bash -c "exec 3<>/dev/tcp/127.0.0.1/$STACK_SMTP_PORT"
}

nginx_start() {
  alive "$RUN/nginx/nginx.pid" && return 0
  mkdir -p "$RUN/nginx/tmp"
  local servers=""
  for port in $STACK_APP_PORTS; do
    servers+="server 127.0.0.1:$port max_fails=1 fail_timeout=5s; "
  done
  LISTEN="127.0.0.1:$STACK_PORT" UPSTREAM_SERVERS="$servers" STATIC_ROOT="$STACK_DIR/static" \
    NGINX_RUN="$RUN/nginx" envsubst '${LISTEN} ${UPSTREAM_SERVERS} ${STATIC_ROOT} ${NGINX_RUN}' \
    <"$ROOT/deploy/nginx.conf.template" >"$RUN/nginx/nginx.conf"
  [ "$(id -u)" = 0 ] && chown -R "$STACK_USER" "$RUN/nginx"
  as_stack_user nginx -t -q -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
  as_stack_user nginx -c "$RUN/nginx/nginx.conf" -e "$RUN/nginx/error.log"
  wait_for 10 nginx http_ok "http://127.0.0.1:$STACK_PORT/en/"
}

nginx_stop() {
  alive "$RUN/nginx/nginx.pid" || return 0
  local pid
  pid="$(cat "$RUN/nginx/nginx.pid")"
  kill -QUIT "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

start() {
  "$ROOT/scripts/ensure-system-packages.sh" nginx redis-server curl gettext-base
  [ -n "$PG_BIN" ] || { "$ROOT/scripts/ensure-system-packages.sh" postgresql \
    && PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"; }
  [ -x "$BIN/gunicorn" ] || die "no virtual environment: run make .venv/.installed-test first"
  ensure_user
  mkdir -p "$RUN" "$STACK_DIR/data"
  chmod 755 "$STACK_DIR"
  [ -f "$STACK_DIR/env" ] || write_env
  redis_start
  postgres_start
  "$PG_BIN/psql" -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'twinning'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$STACK_PG_PORT" -U postgres twinning
  say "migrate, collectstatic, demo data"
  (cd "$ROOT" && with_env "$BIN/twinning" migrate --no-input -v0)
  (cd "$ROOT" && with_env "$BIN/twinning" collectstatic --no-input -v0)
  (cd "$ROOT" && with_env "$BIN/twinning" demo >/dev/null)
  smtp_start
  local n=1
  for _ in $STACK_APP_PORTS; do app_start "$n"; n=$((n + 1)); done
  (cd "$ROOT" && worker_start)
  nginx_start
  say "up on http://127.0.0.1:$STACK_PORT/ (environment in $STACK_DIR/env)"
}

stop() {
  nginx_stop
  signal_group worker TERM
  local n=1
  for _ in $STACK_APP_PORTS; do signal_group "app$n" TERM; n=$((n + 1)); done
  signal_group smtp TERM
  postgres_stop
  redis_stop
  say "stopped"
}

status() {
  local state=0 n=1
  show() {  # show NAME CHECK...: one line per part; the exit status says whether all are up
    if "${@:2}"; then printf '%-9s up\n' "$1"; else printf '%-9s down\n' "$1"; state=1; fi
  }
  show redis alive "$RUN/redis.pid"
  show postgres pg_ready
  for _ in $STACK_APP_PORTS; do
    show "app$n" alive "$RUN/app$n.pid"
    n=$((n + 1))
  done
  show worker alive "$RUN/worker.pid"
  show smtp alive "$RUN/smtp.pid"
  show nginx http_ok "http://127.0.0.1:$STACK_PORT/en/"
  return $state
}

cd "$ROOT"
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  app)
    case "${3:-}" in
      start) app_start "$2" ;;
      stop) signal_group "app$2" TERM ;;
      kill) signal_group "app$2" KILL ;;
      *) die "usage: $0 app N start|stop|kill" ;;
    esac ;;
  worker)
    case "${2:-}" in
      start) worker_start ;;
      stop) signal_group worker TERM ;;
      kill) signal_group worker KILL ;;
      *) die "usage: $0 worker start|stop|kill" ;;
    esac ;;
  redis)
    case "${2:-}" in start) redis_start ;; stop) redis_stop ;; *) die "usage: $0 redis start|stop" ;; esac ;;
  postgres)
    case "${2:-}" in start) postgres_start ;; stop) postgres_stop ;; *) die "usage: $0 postgres start|stop" ;; esac ;;
  *) die "usage: $0 start|stop|status|app N ...|worker ...|redis ...|postgres ..." ;;
esac
