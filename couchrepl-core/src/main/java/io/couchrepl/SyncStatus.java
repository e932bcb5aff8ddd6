package io.couchrepl;

/** Both directions of a {@link Sync}: remote to local ({@code pull}) and local to remote ({@code push}). */
public record SyncStatus(ReplicationStatus pull, ReplicationStatus push) {

    /**
     * The state of the sync as a whole: failed if either failed, crashing if either is waiting out
     * an outage (the other may well be caught up, but the sync is not), else the less advanced of
     * the two.
     */
    public ReplicationState state() {
        if (pull.state() == ReplicationState.FAILED || push.state() == ReplicationState.FAILED) {
            return ReplicationState.FAILED;
        }
        if (pull.state() == ReplicationState.CRASHING || push.state() == ReplicationState.CRASHING) {
            return ReplicationState.CRASHING;
        }
        return pull.state().ordinal() <= push.state().ordinal() ? pull.state() : push.state();
    }
}
