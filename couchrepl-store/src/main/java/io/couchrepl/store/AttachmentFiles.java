package io.couchrepl.store;

import io.couchrepl.attachments.Md5Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attachment bodies of a store, content-addressed: one file per digest, named by the hex of its
 * MD5, in a directory beside the store file ({@code mydb.store-attachments/ab/ab12...}).
 *
 * <p>A body is written to {@code tmp/} and flushed to disk, checked by the caller, then moved to its
 * name in one step; the directories are flushed before the transaction that refers to the body
 * commits. So a row never names a file that is not complete, whatever the moment of a crash; what a
 * crash can leave is a complete file no row names yet (kept, and taken again when the same body
 * arrives, or removed at the next open) or a half-written one in {@code tmp/} (removed at the next
 * open). Files no revision names any more are deleted by {@link AttachmentCollector}. Not
 * thread-safe: the store's lock guards it, and every change to the directory happens inside a write
 * transaction, so two processes sharing a store never race on it.
 */
final class AttachmentFiles {

    private static final Logger log = LoggerFactory.getLogger(AttachmentFiles.class);

    private final Path dir;
    private final Path tmp;
    private final Set<Path> unsyncedDirs = new LinkedHashSet<>();

    AttachmentFiles(Path storeFile) {
        this.dir = Path.of(storeFile.toAbsolutePath() + "-attachments");
        this.tmp = dir.resolve("tmp");
    }

    /** The directory of the bodies; it exists once the first body is kept. */
    Path directory() {
        return dir;
    }

    /** The file of the body with this {@code md5-} digest. */
    Path fileOf(String digest) {
        byte[] md5 = Md5Digest.bytesOf(digest)
                .orElseThrow(() -> new IllegalArgumentException("not an md5- digest: " + digest));
        String hex = HexFormat.of().formatHex(md5);
        return dir.resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** The digest a body file is named by; empty for a file that is not one (a stray name). */
    static Optional<String> digestOf(Path bodyFile) {
        String name = bodyFile.getFileName().toString();
        if (name.length() != 32) {
            return Optional.empty();
        }
        try {
            return Optional.of(Md5Digest.of(HexFormat.of().parseHex(name)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every body file in the directory (not {@code tmp/}), in no particular order. */
    List<Path> bodyFiles() throws IOException {
        List<Path> bodies = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return bodies;
        }
        try (Stream<Path> shards = Files.list(dir)) {
            for (Path shard : (Iterable<Path>) shards::iterator) {
                if (shard.equals(tmp) || !Files.isDirectory(shard)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(shard)) {
                    files.forEach(bodies::add);
                }
            }
        }
        return bodies;
    }

    /** Deletes the file of a body no revision names any more; returns its size (0 if it was gone). */
    long delete(Path file) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        Files.deleteIfExists(file);
        return size;
    }

    /** How many bytes the body files take. */
    long totalBytes() throws IOException {
        long total = 0;
        for (Path file : bodyFiles()) {
            total += Files.size(file);
        }
        return total;
    }

    /** Removes what a crash left half-written in {@code tmp/}; the caller holds the write transaction. */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Copies {@code bytes} to a new file in {@code tmp/}, flushed to disk; returns the file. */
    Path stage(InputStream bytes) throws IOException {
        Files.createDirectories(tmp);
        Path file = tmp.resolve(UUID.randomUUID() + ".part");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            bytes.transferTo(out);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            discard(file);
            throw e;
        }
        return file;
    }

    /** Moves a staged file to the name of its digest; a file already there holds the same bytes. */
    void install(Path staged, String digest) throws IOException {
        Path target = fileOf(digest);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
        }
        unsyncedDirs.add(target.getParent());
        unsyncedDirs.add(dir);
    }

    /** Deletes a staged file that will not be kept. */
    void discard(Path staged) {
        try {
            Files.deleteIfExists(staged);
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", staged, e.getMessage());
        }
    }

    /** Flushes the directories that got new names, so the names survive a power cut with the commit. */
    void syncDirectories() {
        for (Path directory : unsyncedDirs) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // Some systems cannot open a directory for this; the move itself is atomic there.
                log.debug("cannot flush directory {}: {}", directory, e.getMessage());
            }
        }
        unsyncedDirs.clear();
    }
}
