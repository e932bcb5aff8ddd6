#!/usr/bin/env bash
# The scale-out rows of the benchmark, run by bench/run.sh after the main table, against the same
# CouchDB and its database bench-N:
#   K1  CouchDB -> Kafka: the source connector, from its creation until every record is committed
#       in the topic (a read_committed consumer has them all), beside P1, a direct `couchrepl pull`
#   K2  CouchDB -> Kafka -> CouchDB: source and sink connectors, until the copy has every leaf,
#       beside R1, `couchrepl replicate` straight from database to database
#   M1  `couchrepl mirror` of M small databases, beside M2, M separate `couchrepl pull` processes
#
#   bench/scale-out.sh SERVER_URL DOCS DATABASES DOCS_PER_DATABASE OUT_FILE WORK_DIR
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
server=$1 docs=$2 dbs=$3 per_db=$4 out=$5 work=$6
db=bench-$docs
lib=$ROOT/couchrepl-kafka-connect/runtime/target/lib
py() { python3 - "$@"; }
now_ms() { date +%s%3N; }
secs() { python3 -c "print('%.2f' % (($2 - $1) / 1000))"; }

# Leaf revisions of a database (each _changes row lists its leaves).
leaves() {
  py "$server" "$1" <<'PY'
import json, sys, urllib.request, urllib.parse, base64
url, db = sys.argv[1], sys.argv[2]
p = urllib.parse.urlsplit(url)
auth = "Basic " + base64.b64encode(f"{urllib.parse.unquote(p.username)}:{urllib.parse.unquote(p.password)}".encode()).decode()
base = f"{p.scheme}://{p.hostname}:{p.port}/{db}"
n, since = 0, "0"
while True:
    req = urllib.request.Request(f"{base}/_changes?style=all_docs&limit=5000&since={urllib.parse.quote(since)}",
                                 headers={"Authorization": auth})
    try:
        page = json.load(urllib.request.urlopen(req))
    except urllib.error.HTTPError:
        print(0); break
    if not page["results"]:
        print(n); break
    n += sum(len(r["changes"]) for r in page["results"])
    since = page["last_seq"] if isinstance(page["last_seq"], str) else json.dumps(page["last_seq"])
PY
}

# Documents of a database, deleted ones included (0 while it does not exist).
doc_count() {
  curl -sS "$server/$1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("doc_count",0)+d.get("doc_del_count",0))'
}

echo "bench: scale-out rows: starting Kafka (bin/kafka-local)" >&2
"$ROOT/bin/kafka-local" start "$work/kafka" --workers 1 >"$work/kafka-local.out"
trap '"$ROOT/bin/kafka-local" stop "$work/kafka" >/dev/null 2>&1 || true' EXIT
connect=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["connect"][0])' "$work/kafka/cluster.json")
bootstrap=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bootstrap"])' "$work/kafka/cluster.json")
source_leaves=$(leaves "$db")
host=${server#*@}

echo "bench: P1 couchrepl pull of $db" >&2
t0=$(now_ms); "$ROOT/bin/couchrepl" pull "$server/$db" "$work/p1.store" >/dev/null; t1=$(now_ms)
p1=$(secs "$t0" "$t1")

echo "bench: R1 couchrepl replicate $db -> direct-$db" >&2
t0=$(now_ms); "$ROOT/bin/couchrepl" replicate "$server/$db" "$server/direct-$db" --create-target >/dev/null; t1=$(now_ms)
r1=$(secs "$t0" "$t1")

echo "bench: K1/K2 source and sink connectors on $db ($source_leaves leaves)" >&2
java -cp "$lib/*" "$ROOT/bench/kafka/TopicRecords.java" "$bootstrap" "bk.$db" "$source_leaves" 1800 >"$work/k1.end" &
consumer=$!
sleep 3 # the consumer compiles and subscribes before the first record
t0=$(now_ms)
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' "$connect/connectors" -d "{\"name\":\"bench-src\",\"config\":{
  \"connector.class\":\"io.couchrepl.kafka.CouchDbSourceConnector\",\"tasks.max\":\"1\",\"couchdb.url\":\"$server\",
  \"couchdb.databases\":\"$db\",\"topic.prefix\":\"bk.\",\"batch.size\":\"1000\"}}"
curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' "$connect/connectors" -d "{\"name\":\"bench-sink\",\"config\":{
  \"connector.class\":\"io.couchrepl.kafka.CouchDbSinkConnector\",\"tasks.max\":\"1\",\"couchdb.url\":\"$server\",
  \"topics\":\"bk.$db\",\"couchdb.database.format\":\"kafka-\${database}\",\"couchdb.create.databases\":\"true\",
  \"consumer.override.max.poll.records\":\"1000\"}}"
wait "$consumer"
k1=$(secs "$t0" "$(cat "$work/k1.end")")
# Cheap first (the copy's document count, one small request a second), then every leaf counted; so
# the waiting itself does not load the server with whole feeds.
deadline=$((SECONDS + 1800))
source_docs=$(doc_count "$db")
until [ "$(doc_count "kafka-$db")" -ge "$source_docs" ]; do
  ((SECONDS < deadline)) || { echo "bench: the copy kafka-$db did not complete" >&2; exit 1; }
  sleep 1
done
until [ "$(leaves "kafka-$db")" -ge "$source_leaves" ]; do
  ((SECONDS < deadline)) || { echo "bench: the copy kafka-$db did not complete" >&2; exit 1; }
  sleep 1
done
t1=$(now_ms)
k2=$(secs "$t0" "$t1")

echo "bench: M1/M2 mirror of $dbs databases of $per_db documents" >&2
py "$server" "$dbs" "$per_db" <<'PY'
import json, sys, urllib.request, urllib.parse, base64
url, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
p = urllib.parse.urlsplit(url)
auth = "Basic " + base64.b64encode(f"{urllib.parse.unquote(p.username)}:{urllib.parse.unquote(p.password)}".encode()).decode()
base = f"{p.scheme}://{p.hostname}:{p.port}"
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
for i in range(n):
    call("PUT", f"/mb-{i:04d}")
    call("POST", f"/mb-{i:04d}/_bulk_docs", {"docs": [{"_id": f"d{j:05d}", "n": j, "text": "x" * 200} for j in range(per)]})
PY
t0=$(now_ms); "$ROOT/bin/couchrepl" mirror "$server" "$work/mirror" --include 'mb-.*' >/dev/null; t1=$(now_ms)
m1=$(secs "$t0" "$t1")
mkdir -p "$work/pulls"
t0=$(now_ms)
for ((i = 0; i < dbs; i++)); do
  name=$(printf 'mb-%04d' "$i")
  "$ROOT/bin/couchrepl" pull "$server/$name" "$work/pulls/$name.store" >/dev/null
done
t1=$(now_ms)
m2=$(secs "$t0" "$t1")

python3 - "$docs" "$source_leaves" "$p1" "$r1" "$k1" "$k2" "$dbs" "$per_db" "$m1" "$m2" >"$out" <<'PY'
import sys
docs, leaves = int(sys.argv[1]), int(sys.argv[2])
p1, r1, k1, k2, dbs, per, m1, m2 = map(float, sys.argv[3:11])
dbs, per = int(dbs), int(per)
rate = lambda t: f"{docs / t:,.0f}"
print("### Scale-out: Kafka Connect and many databases\n")
print(f"The same {docs:,} documents ({leaves:,} leaf revisions), one run each; a one-node KRaft broker and one"
      " distributed Connect worker from `bin/kafka-local` (exactly-once source support on) on the same"
      " machine as CouchDB.\n")
print("| | run | wall time | docs/s |")
print("|---|---|---:|---:|")
print(f"| P1 | `couchrepl pull` into the durable store (whole process) | {p1:.2f} s | {rate(p1)} |")
print(f"| K1 | CouchDB -> Kafka: source connector, from its creation until every record is committed in the topic | {k1:.2f} s | {rate(k1)} |")
print(f"| R1 | `couchrepl replicate` database to database (whole process) | {r1:.2f} s | {rate(r1)} |")
print(f"| K2 | CouchDB -> Kafka -> CouchDB: source and sink connectors, until the copy has every leaf | {k2:.2f} s | {rate(k2)} |")
print(f"| M1 | `couchrepl mirror` of {dbs} databases of {per} documents (one process) | {m1:.2f} s | {dbs * per / m1:,.0f} |")
print(f"| M2 | {dbs} separate `couchrepl pull` processes, one after another | {m2:.2f} s | {dbs * per / m2:,.0f} |")
print()
print("| ratio | value | target |")
print("|---|---:|---|")
print(f"| K1 / P1 wall time (source connector vs direct pull) | {k1 / p1:.2f}x | <= 1.5x |")
print(f"| K2 / R1 wall time (through Kafka vs direct replicate) | {k2 / r1:.2f}x | |")
print(f"| M2 / M1 wall time (separate processes vs mirror) | {m2 / m1:.2f}x | >= 5x |")
PY
cat "$out"
