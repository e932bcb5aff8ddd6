#!/usr/bin/env bash
# The couchrepl benchmark: builds what it needs, starts CouchDB 3.5.0 on a free loopback port, loads
# N documents and times, round after round, couchrepl into the durable store (A) and into memory (B),
# PouchDB's replicate (C) and the protocol floor (D); then A, C and D over a sweep of sizes (all first
# revisions), get and dump of a small store, the stage times, the continuous lag, and the growth
# scenario (a continuous pull following BENCH_GROWTH_DOCS documents through BENCH_GROWTH_ROUNDS update
# rounds: store bytes over fresh-pull bytes, before and after compact, and the lag per round).
# Prints the table and writes it to docs/benchmarks.md. Then the scale-out rows (bench/scale-out.sh):
# the Kafka Connect source connector and CouchDB -> Kafka -> CouchDB beside a direct pull and
# replicate, and `couchrepl mirror` of 100 databases beside 100 separate pulls; they go into the same
# report, before its hand-written notes (BENCH_SCALE_OUT=0 skips them).
#
#   bench/run.sh [N]        N documents (default 100000), BENCH_ROUNDS rounds (default 3)
#   bench/run.sh --smoke    500 documents, 1 round, a sweep of 200, 20 lag writes, a 4-round growth
#                           scenario of 30 documents, mirror of 5 databases; the report goes to a scratch file
#
# Environment: BENCH_ROUNDS, BENCH_LAG_WRITES, BENCH_SIZES (the sweep, default 200,2000,20000,100000;
# empty for none), BENCH_GROWTH_DOCS (300), BENCH_GROWTH_ROUNDS (40), BENCH_JVM_OPTS (extra options for
# the JVM runs), COUCHREPL_SHARED_DIR (default ../shared beside the project).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${COUCHREPL_SHARED_DIR:-$ROOT/../shared}

docs=100000
rounds=${BENCH_ROUNDS:-3}
lag_writes=${BENCH_LAG_WRITES:-300}
sizes=${BENCH_SIZES-200,2000,20000,100000}
growth_docs=${BENCH_GROWTH_DOCS:-300}
growth_rounds=${BENCH_GROWTH_ROUNDS:-40}
out=$ROOT/docs/benchmarks.md
smoke=false
case "${1:-}" in
    --smoke) smoke=true docs=500 rounds=1 lag_writes=20 sizes=200 growth_docs=30 growth_rounds=4 ;;
    "") ;;
    *[!0-9]* | 0) echo "usage: bench/run.sh [N] | --smoke  (N: documents, a positive whole number)" >&2; exit 2 ;;
    *) docs=$1 ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/couchrepl-bench.XXXXXX")
COUCH_PID=""
cleanup() {
    if [ -n "$COUCH_PID" ] && kill "$COUCH_PID" 2>/dev/null; then
        for _ in $(seq 1 150); do kill -0 "$COUCH_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$COUCH_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
$smoke && out=$WORK/benchmarks.md

echo "bench: building couchrepl and the harness" >&2
(cd "$ROOT" && mvn -B -ntp -q -Dstyle.color=never -Dmaven.test.skip=true -pl couchrepl-cli,couchrepl-bench -am package) >&2

pouch=$ROOT/bench/pouchdb
if [ ! -d "$pouch/node_modules/pouchdb-core" ] || [ "$pouch/package-lock.json" -nt "$pouch/node_modules" ]; then
    echo "bench: installing PouchDB (npm ci)" >&2
    (cd "$pouch" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
echo "bench: starting CouchDB 3.5.0 on 127.0.0.1:$port" >&2
rc=0
bash "$SHARED/couchdb/start.sh" "$port" "$WORK/couchdb" >"$WORK/couchdb-start.log" 2>&1 || rc=$?
[ -f "$WORK/couchdb/couchdb.pid" ] && COUCH_PID=$(cat "$WORK/couchdb/couchdb.pid")
if [ "$rc" -ne 0 ]; then
    echo "bench: CouchDB did not start (exit $rc):" >&2
    tail -n 20 "$WORK/couchdb-start.log" >&2 || true
    exit 1
fi

jvm_opts=()
for opt in ${BENCH_JVM_OPTS:-}; do jvm_opts+=(--jvm-opt "$opt"); done

java -jar "$ROOT/couchrepl-bench/target/couchrepl-bench.jar" run \
    --server "http://admin:secret@127.0.0.1:$port" --docs "$docs" --rounds "$rounds" --lag-writes "$lag_writes" \
    --sizes "$sizes" --growth-docs "$growth_docs" --growth-rounds "$growth_rounds" \
    --root "$ROOT" --work "$WORK" --out "$out" ${jvm_opts[@]+"${jvm_opts[@]}"}

if [ "${BENCH_SCALE_OUT:-1}" != 0 ]; then
    dbs=100 per_db=200
    $smoke && dbs=5 per_db=20
    mkdir -p "$WORK/scale-out"
    "$ROOT/bench/scale-out.sh" "http://admin:secret@127.0.0.1:$port" "$docs" "$dbs" "$per_db" \
        "$WORK/scale-out.md" "$WORK/scale-out"
    # Into the report, before the notes written by hand (which the next run keeps).
    python3 - "$out" "$WORK/scale-out.md" <<'PY'
import sys
report, rows = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
text = open(report, encoding="utf-8").read()
marker = "<!-- Everything below is written by hand"
at = text.find(marker)
text = text + "\n" + rows if at < 0 else text[:at] + rows + "\n" + text[at:]
open(report, "w", encoding="utf-8").write(text)
PY
fi
