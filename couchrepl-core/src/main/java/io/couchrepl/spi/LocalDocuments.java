package io.couchrepl.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * A peer that keeps {@code _local} documents: never replicated, never in the changes feed, where
 * replication logs live. Ids include the {@code _local/} prefix.
 *
 * <p>Failure contract: {@link #putLocal} throws {@link WriteRefusedException} when the peer refuses
 * the write (no rights, read-only), and another {@link IOException} when it could not be asked.
 */
public interface LocalDocuments {

    /** The document's JSON, or empty if there is none. */
    Optional<String> getLocal(String id) throws IOException;

    /** Creates or replaces the document; {@code _id} and {@code _rev} in the JSON are ignored. */
    void putLocal(String id, String json) throws IOException;
}
