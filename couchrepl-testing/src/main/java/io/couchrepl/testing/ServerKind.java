package io.couchrepl.testing;

/** The kind of CouchDB-compatible server a {@link TestServer} talks to. */
public enum ServerKind {
  /** Apache CouchDB (3.5.0 from the shared folder, or the server named by {@code COUCHDB_URL}). */
  COUCHDB,
  /** PouchDB Server 4.2.0, in memory, from npm: integer sequences, no credentials, easy to crash. */
  POUCHDB
}
