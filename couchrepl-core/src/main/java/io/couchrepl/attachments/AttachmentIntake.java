package io.couchrepl.attachments;

import io.couchrepl.protocol.Attachment;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.spi.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes in the attachments of a revision a store is about to keep, the same way in every store:
 * a body must match its {@code md5-} digest and its length, a stub must name a body the store keeps.
 * Bodies are keyed by digest, so a body the store already keeps is not read again.
 *
 * <p>A refusal names the revision in CouchDB's words ({@code content_md5_mismatch},
 * {@code missing_stub}, {@code bad_request}); the store then writes nothing of that revision and
 * reports it as a {@link WriteResult.Failure}. Not thread-safe: one store, one writer.
 */
public final class AttachmentIntake {

    /** How a store keeps the bytes of one digest. */
    public record Kept(String encoding, long storedLength) {}

    /** The store's side of the intake. */
    public interface Keeper {

        /** The body with this digest, if the store keeps it (committed, or accepted earlier in the batch). */
        Optional<Kept> kept(String digest) throws IOException;

        /**
         * Copies a body into a place the store does not show yet, reading {@code bytes} to their end.
         * The intake checks them meanwhile; failures of the store itself are {@link IOException}s.
         */
        void stage(Attachment attachment, InputStream bytes) throws IOException;

        /** Forgets every body staged since the last accepted revision: the intake refused the revision. */
        void discardStaged() throws IOException;
    }

    /**
     * The answer for one revision: its attachments as the store shows them (stubs with the store's
     * encoding and stored length), or the refusal.
     */
    public record Outcome(List<Attachment> stubs, Optional<WriteResult.Failure> refusal) {
        public boolean accepted() {
            return refusal.isEmpty();
        }
    }

    private AttachmentIntake() {}

    /**
     * Checks and stages the attachments of {@code revision}. When it is accepted, every body it staged
     * is the store's to make visible with the revision; when it is refused, they have been discarded.
     */
    public static Outcome take(DocRevision revision, Keeper keeper) throws IOException {
        List<Attachment> stubs = new ArrayList<>(revision.attachments().size());
        Map<String, Kept> stagedHere = new HashMap<>();
        for (Attachment attachment : revision.attachments()) {
            Optional<Kept> kept = Optional.ofNullable(stagedHere.get(attachment.digest()));
            if (kept.isEmpty()) {
                kept = keeper.kept(attachment.digest());
            }
            if (kept.isPresent()) {
                stubs.add(attachment.asStub().storedAs(kept.get().encoding(), kept.get().storedLength()));
                continue;
            }
            Optional<WriteResult.Failure> refusal = attachment.isStub()
                    // CouchDB's own answer to a stub whose body the target lacks.
                    ? Optional.of(failure(revision, "missing_stub",
                            "Invalid attachment stub in " + revision.id() + " for " + attachment.name()))
                    : stage(revision, attachment, keeper);
            if (refusal.isPresent()) {
                keeper.discardStaged();
                return new Outcome(List.of(), refusal);
            }
            stagedHere.put(attachment.digest(), new Kept(attachment.encoding(), attachment.encodedLength()));
            stubs.add(attachment.asStub());
        }
        return new Outcome(stubs, Optional.empty());
    }

    /** Stages one body; returns the refusal when its bytes do not match its entry. */
    private static Optional<WriteResult.Failure> stage(DocRevision revision, Attachment attachment, Keeper keeper)
            throws IOException {
        String what = "attachment " + attachment.name() + " of " + revision.id() + " " + revision.rev();
        Optional<byte[]> expected = Md5Digest.bytesOf(attachment.digest());
        if (expected.isEmpty()) {
            return Optional.of(failure(revision, "bad_request",
                    what + " has a digest that is not md5-: " + attachment.digest()));
        }
        DigestingStream bytes = new DigestingStream(attachment.body().orElseThrow().open());
        try (bytes) {
            keeper.stage(attachment, bytes);
            bytes.drain();
        }
        if (bytes.count() != attachment.encodedLength()) {
            return Optional.of(failure(revision, "bad_request",
                    what + " is " + bytes.count() + " bytes, its entry says " + attachment.encodedLength()));
        }
        byte[] actual = bytes.md5();
        if (!Arrays.equals(actual, expected.get())) {
            return Optional.of(failure(revision, "content_md5_mismatch", what + " does not match its digest "
                    + attachment.digest() + " (the bytes received have " + Md5Digest.of(actual)
                    + "): possible message corruption"));
        }
        return Optional.empty();
    }

    private static WriteResult.Failure failure(DocRevision revision, String error, String reason) {
        return new WriteResult.Failure(revision.id(), revision.rev(), error, reason);
    }
}
