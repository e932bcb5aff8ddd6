# Start and stop the two test servers for CI; sourced by .ci/run.
# Needs: ROOT (project root), SHARED (the shared folder), WORK (a scratch dir).
# Sets COUCH_URL / POUCH_URL (with credentials where needed) and remembers the pids
# so that stop_servers (call it from an EXIT trap) always cleans up.

COUCH_PID=""
POUCH_PID=""
COUCH_URL=""
POUCH_URL=""

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Apache CouchDB 3.5.0 from the shared folder, admin/secret, fresh data dir.
start_couchdb() {
    local port dir=$WORK/couchdb rc=0
    port=$(free_port) || return 1
    bash "$SHARED/couchdb/start.sh" "$port" "$dir" >"$WORK/couchdb-start.log" 2>&1 || rc=$?
    # start.sh writes the pid before it waits: stop it even when the start failed
    [ -f "$dir/couchdb.pid" ] && COUCH_PID=$(cat "$dir/couchdb.pid")
    if [ "$rc" -ne 0 ]; then
        echo "CouchDB did not start (exit $rc):"
        tail -n 30 "$WORK/couchdb-start.log" "$dir/couchdb.stdout" 2>/dev/null || true
        return 1
    fi
    COUCH_URL="http://admin:secret@127.0.0.1:$port"
    echo "CouchDB 3.5.0 pid $COUCH_PID on 127.0.0.1:$port"
}

# PouchDB Server 4.2.0, in memory, no credentials; cwd a scratch dir (it writes config.json, log.txt).
start_pouchdb() {
    local port dir=$WORK/pouchdb bin=$ROOT/couchrepl-testing/pouchdb-server/node_modules/.bin/pouchdb-server
    [ -x "$bin" ] || { echo "no $bin: run npm ci in couchrepl-testing/pouchdb-server"; return 1; }
    port=$(free_port) || return 1
    mkdir -p "$dir" || return 1
    (cd "$dir" && exec "$bin" --in-memory --port "$port" --host 127.0.0.1 >server.out 2>&1 </dev/null) &
    POUCH_PID=$!
    local deadline=$((SECONDS + 30))
    until curl -fsS -o /dev/null --max-time 2 -H 'Accept: application/json' "http://127.0.0.1:$port/" 2>/dev/null; do
        if ! kill -0 "$POUCH_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
            echo "PouchDB Server did not answer GET / on 127.0.0.1:$port within 30 s:"
            tail -n 30 "$dir/server.out" 2>/dev/null || true
            return 1
        fi
        sleep 0.1
    done
    POUCH_URL="http://127.0.0.1:$port"
    echo "PouchDB Server 4.2.0 pid $POUCH_PID on 127.0.0.1:$port"
}

# SIGTERM, wait up to $2 seconds, then SIGKILL.
stop_pid() {
    local pid=$1 grace=$2 i
    kill "$pid" 2>/dev/null || return 0
    for ((i = 0; i < grace * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

stop_servers() {
    if [ -n "$COUCH_PID" ]; then stop_pid "$COUCH_PID" 15; COUCH_PID=""; fi
    if [ -n "$POUCH_PID" ]; then stop_pid "$POUCH_PID" 10; POUCH_PID=""; fi
}

# After a failed check: say whether PouchDB Server crashed (it loses all data when it does).
pouchdb_crash_note() {
    if [ -n "$POUCH_PID" ] && ! kill -0 "$POUCH_PID" 2>/dev/null; then
        echo "PouchDB Server has exited; the end of its log:"
        tail -n 30 "$WORK/pouchdb/server.out" 2>/dev/null || true
    fi
}
