package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.ConflictException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What local edits owe to the durable store: atomic across connections, nothing written when refused, kept on disk. */
class SqliteLocalEditsTest {

    @TempDir
    Path dir;

    @Test
    void editorsOnTwoConnectionsToOneFileNeverBothExtendTheSameLeaf() throws Exception {
        Path file = dir.resolve("shared.db");
        int editsEach = 40;
        try (SqliteStore first = SqliteStore.open(file);
                SqliteStore second = SqliteStore.open(file)) {
            first.put("counter", "{\"by\":\"nobody\"}");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> conflicts = new ArrayList<>();
                for (SqliteStore store : List.of(first, second)) {
                    conflicts.add(pool.submit(editor(store, editsEach)));
                }
                for (Future<Integer> f : conflicts) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            // Each successful edit extended the one leaf there was: no branch, one generation per edit.
            List<DocRevision> leaves = first.openRevs("counter");
            assertThat(leaves).hasSize(1);
            assertThat(leaves.get(0).rev().pos()).isEqualTo(1 + 2 * editsEach);
            assertThat(second.get("counter")).isEqualTo(leaves.get(0));
        }
    }

    /** Reads the winner and edits it, again after each conflict, until it made {@code edits} edits; returns its conflicts. */
    private static Callable<Integer> editor(SqliteStore store, int edits) {
        return () -> {
            int conflicts = 0;
            for (int done = 0; done < edits; ) {
                Rev current = store.get("counter").rev();
                try {
                    store.put("counter", "{\"_rev\":\"" + current + "\",\"by\":\"" + store.identity().hashCode()
                            + "\",\"n\":" + done + "}");
                    done++;
                } catch (ConflictException e) {
                    conflicts++;
                }
            }
            return conflicts;
        };
    }

    @Test
    void aRefusedEditWritesNothing() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("refused.db"))) {
            store.put("a", "{\"v\":1}");
            long seq = store.updateSeq();

            assertThatThrownBy(() -> store.put("a", "{\"v\":2}")).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> store.put("a", "{\"_rev\":\"1-zzz\",\"v\":2}")).isInstanceOf(ConflictException.class);

            assertThat(store.updateSeq()).isEqualTo(seq);
            assertThat(store.revisionCount()).isEqualTo(1);
        }
    }

    @Test
    void eachEditIsAChangeWithItsOwnLocalSequence() throws Exception {
        Path file = dir.resolve("kept.db");
        Rev second;
        try (SqliteStore store = SqliteStore.open(file)) {
            Rev first = store.put("a", "{\"v\":1}");
            second = store.put("a", "{\"_rev\":\"" + first + "\",\"v\":2}");
            store.put("b", "{}");
            assertThat(store.updateSeq()).isEqualTo(3);
            assertThat(store.seqOf("a")).hasValue(2);
        }
        try (SqliteStore reopened = SqliteStore.open(file)) {
            assertThat(reopened.get("a").rev()).isEqualTo(second);
            assertThat(reopened.docCount()).isEqualTo(2);
        }
    }
}
