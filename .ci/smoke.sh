#!/usr/bin/env bash
# Smoke test of the production processes without Docker: production settings,
# gunicorn serving pages and WhiteNoise static files, a Celery worker taking a
# real task through Redis. Needs PostgreSQL and Redis (see .ci/run); uses its
# own database and Redis db, both recreated. Every wait is bounded.
#   SMOKE_PG_URL     server to create the database on (postgres://postgres@127.0.0.1:5432)
#   SMOKE_DB         database name (tolyatti_smoke)
#   SMOKE_REDIS_URL  broker/cache for the run (redis://127.0.0.1:6379/2), flushed first
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${VENV_BIN:-.venv/bin}
PY=$BIN/python
PG_URL=${SMOKE_PG_URL:-postgres://postgres@127.0.0.1:5432}
SMOKE_DB=${SMOKE_DB:-tolyatti_smoke}
work=$(mktemp -d "${TMPDIR:-/tmp}/tolyatti-smoke.XXXXXX")
pids=()

step() { printf -- '-- %s\n' "$*"; }
fail() { echo "SMOKE FAILED: $*" >&2; exit 1; }

cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if ((rc != 0)); then
        for log in "$work"/gunicorn.log "$work"/celery.log; do
            [[ -f $log ]] && { echo "---- tail of $log"; tail -n 40 "$log"; }
        done
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=tolyatti_portal.settings.production
DJANGO_SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="$PG_URL/$SMOKE_DB"
export REDIS_URL=${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/2}
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$work/mail"
export PYTHONUNBUFFERED=1
# load_demo refuses the published demo password when DEBUG is off.
DEMO_PASSWORD=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(16))')
export DEMO_PASSWORD

step "fresh database $SMOKE_DB and Redis $REDIS_URL"
PGOPTIONS="-c client_min_messages=warning" psql -q "$PG_URL/postgres" -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $SMOKE_DB WITH (FORCE)" -c "CREATE DATABASE $SMOKE_DB"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

step "migrate, collectstatic, load_demo"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py load_demo

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
step "gunicorn on $base, celery worker"
"$BIN"/gunicorn tolyatti_portal.wsgi --bind "127.0.0.1:$port" --workers 2 --timeout 30 \
    --access-logfile - >"$work/gunicorn.log" 2>&1 &
pids+=($!)
"$BIN"/celery -A tolyatti_portal worker --loglevel=INFO --concurrency=1 --without-gossip --without-mingle \
    >"$work/celery.log" 2>&1 &
pids+=($!)

# get PATH [CURL ARGS...]: body to $work/body, prints the status code. The
# proxy header stands for the TLS-terminating proxy (SECURE_SSL_REDIRECT is on).
get() {
    local path=$1; shift
    curl -sS --max-time 15 -o "$work/body" -w '%{http_code}' -H 'X-Forwarded-Proto: https' "$@" "$base$path"
}
expect() {  # expect PATH [TEXT]: 200, and TEXT in the body when given
    local code
    code=$(get "$1") || fail "GET $1: no answer"
    [[ $code == 200 ]] || { head -c 600 "$work/body" >&2; fail "GET $1 answered $code"; }
    if [[ -n ${2:-} ]] && ! grep -qF -- "$2" "$work/body"; then fail "GET $1: no '$2' in the page"; fi
    echo "   GET $1 -> 200${2:+ (has '$2')}"
}

for _ in $(seq 60); do
    [[ $(get /healthz 2>/dev/null) == 200 ]] && break
    kill -0 "${pids[0]}" 2>/dev/null || fail "gunicorn exited"
    sleep 0.5
done
expect /healthz '"status": "ok"'

code=$(curl -sS --max-time 15 -o /dev/null -w '%{http_code} %{redirect_url}' "$base/healthz")
[[ $code == "301 https://"* ]] || fail "plain HTTP should redirect to HTTPS, got: $code"
echo "   GET /healthz over plain HTTP -> $code"

# Readiness: database, cache, broker, mail, storage and the outbox all answer.
expect "/readyz?format=json" '"OK"'

expect / "Самоуправление Тольятти"

micro=/microdistricts/kvartal-1/
if [[ $(get "$micro") != 200 ]]; then
    micro=$("$PY" manage.py shell -v 0 -c "
from councils.models import Microdistrict
m = Microdistrict.objects.order_by('pk').first()
print(m.get_absolute_url() if m else '')" | tail -n 1)
    [[ -n $micro ]] || fail "load_demo created no microdistrict"
fi
expect "$micro"

static=css/portal.css
[[ -f static/$static ]] || static=img/favicon.svg
expect "/static/$static"
# The admin has no login form of its own: it sends to the portal's (allauth, throttled) login.
code=$(curl -sS --max-time 15 -o /dev/null -w '%{http_code} %{redirect_url}' -H 'X-Forwarded-Proto: https' \
    "$base/admin/login/")
[[ $code == "302 "*"/accounts/login/?next=%2Fadmin%2F" ]] || fail "/admin/login/ should send to /accounts/login/, got: $code"
echo "   GET /admin/login/ -> $code"
expect "/accounts/login/?next=/admin/" csrfmiddlewaretoken

step "a task through Redis to the worker"
"$PY" manage.py shell -v 0 -c "
from celery.result import EagerResult
from accounts.tasks import clear_expired_sessions
result = clear_expired_sessions.delay()
assert not isinstance(result, EagerResult), 'task ran in-process, not through the broker'
print('   clear_expired_sessions ->', result.get(timeout=30))"
for _ in $(seq 20); do
    grep -q 'clear_expired_sessions\[.*\] succeeded' "$work/celery.log" && break
    sleep 0.5
done
grep -q 'clear_expired_sessions\[.*\] succeeded' "$work/celery.log" || fail "worker log shows no succeeded task"
echo "   worker log: $(grep -m1 'clear_expired_sessions\[.*\] succeeded' "$work/celery.log" | sed 's/^.*Task /Task /')"

step "smoke test passed"
