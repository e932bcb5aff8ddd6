package io.couchrepl;

/**
 * Why a replication ended in {@link ReplicationState#FAILED}: a one-line message with the
 * replication id and what was refused; the cause keeps the details, typed by the SPI
 * ({@code spi.RefusedException}, {@code spi.UnavailableException}, ...), and for an HTTP refusal
 * that one's cause is a {@code CouchHttpException} with status, {@code error} and {@code reason}.
 */
public class ReplicationException extends RuntimeException {

    private final String replicationId;

    public ReplicationException(String replicationId, String message, Throwable cause) {
        super(message, cause);
        this.replicationId = replicationId;
    }

    public String replicationId() {
        return replicationId;
    }
}
