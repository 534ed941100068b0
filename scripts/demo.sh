#!/usr/bin/env bash
# The running demo: migrate, seed, then Redis + Celery worker + beat + web server on 127.0.0.1:8000. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.demo}
mkdir -p var/log
pids=()
cleanup() {
  trap - EXIT INT TERM
  echo; echo "Stopping the demo ..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

port_free() { python3 -c 'import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0)' "$1"; }
if ! port_free 8000; then echo "Port 8000 on 127.0.0.1 is in use; stop what runs there first." >&2; exit 1; fi

if [ -z "${REDIS_URL:-}" ]; then
  rport=6390
  while ! port_free "$rport"; do rport=$((rport + 1)); done
  redis-server --port "$rport" --bind 127.0.0.1 --save "" --appendonly no --dir var --daemonize no \
    >var/log/redis.log 2>&1 &
  pids+=($!)
  export REDIS_URL="redis://127.0.0.1:$rport/0"
  for _ in $(seq 50); do redis-cli -p "$rport" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

# What a second terminal needs to run the README's commands against this demo: `. var/demo.env` (manage.py itself
# never assumes the demo settings).
{
  printf 'export DJANGO_SETTINGS_MODULE=%q\nexport REDIS_URL=%q\n' "$DJANGO_SETTINGS_MODULE" "$REDIS_URL"
  if [ -n "${DATABASE_URL:-}" ]; then printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"; fi
} >var/demo.env

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py load_reference_data
"$PY" manage.py seed_demo
"$PY" manage.py setup_periodic_tasks >/dev/null
"$PY" manage.py compilemessages -v0 2>/dev/null || true

.venv/bin/celery -A config worker -l info -Q default,reports -c 2 --max-tasks-per-child 50 >var/log/worker.log 2>&1 &
pids+=($!)
.venv/bin/celery -A config beat -l info >var/log/beat.log 2>&1 &
pids+=($!)
"$PY" manage.py runserver 127.0.0.1:8000 --noreload >var/log/web.log 2>&1 &
pids+=($!)

for _ in $(seq 100); do curl -fs -o /dev/null http://127.0.0.1:8000/healthz && break; sleep 0.2; done
# The last completed quarter's reports, produced by the worker in the background on first start.
"$PY" manage.py produce_reports --fund all --period last --skip-existing >var/log/reports.log 2>&1 || true
cat <<MSG

  SIF portfolio demo is running:  http://127.0.0.1:8000/
  Health:                         http://127.0.0.1:8000/healthz
  Logs:                           var/log/
  Other commands, in a second terminal:  . var/demo.env; .venv/bin/python manage.py ...
  Password for every demo login:  demo-sif-2026

    admin@sif.example        administrator
    manager@sif.example      fund manager (SIF Rotterdam, SIF ZKIJ)
    manager2@sif.example     second fund manager (approves tranches: four eyes)
    ic@sif.example           investment committee member (SIF Rotterdam; also ic2@ … ic6@)
    investee@sif.example     investee (Buurtkeuken Delfshaven)
    coinvestor@sif.example   co-investor (Stichting Havenfonds Rotterdam)
    haarlem@sif.example      municipality officer (Haarlem)
    rotterdam@sif.example    municipality officer (Rotterdam)

  Administrators, fund managers and committee members also enter a two-factor code after the password.
  Add the secret to any authenticator app, or get the current code with oathtool:

MSG
"$PY" manage.py demo_two_factor
printf '\n  Press Ctrl-C to stop everything.\n'
wait -n "${pids[@]}"
echo "A demo process stopped; see var/log/." >&2
