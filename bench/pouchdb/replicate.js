// PouchDB's own one-shot replication, from a CouchDB database into PouchDB's in-memory adapter,
// with PouchDB's default options: what a PouchDB user's first sync does.
// Usage: node replicate.js SOURCE_URL   (credentials in the URL)
// Prints one JSON line on stdout: docs_written, docs_read, elapsed_ms, heap_peak_mb.
'use strict';
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-replication'));

const source = process.argv[2];
if (!source) {
  console.error('usage: node replicate.js SOURCE_URL');
  process.exit(2);
}

let heapPeak = 0;
const sampler = setInterval(() => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}, 50);

const started = process.hrtime.bigint();
const local = new PouchDB('bench-' + process.pid, { adapter: 'memory' });
PouchDB.replicate(new PouchDB(source), local)
  .then((result) => {
    clearInterval(sampler);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    const elapsed = Number((process.hrtime.bigint() - started) / 1000000n);
    if (!result.ok || result.doc_write_failures > 0) {
      console.error('pouchdb: replication ended with failures: ' + JSON.stringify(result.errors));
      process.exit(1);
    }
    console.log(JSON.stringify({
      status: result.status,
      docs_read: result.docs_read,
      docs_written: result.docs_written,
      elapsed_ms: elapsed,
      heap_peak_mb: Math.round(heapPeak / 1048576),
    }));
  })
  .catch((err) => {
    console.error('pouchdb: replication failed: ' + (err && (err.message || err.reason || err.name)));
    process.exit(1);
  });
