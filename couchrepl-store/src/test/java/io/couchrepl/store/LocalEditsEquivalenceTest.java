package io.couchrepl.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.couchrepl.memory.MemoryStore;
import io.couchrepl.protocol.DocRevision;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.DocException;
import io.couchrepl.spi.LocalEdits;
import io.couchrepl.spi.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local edits on the durable store against the in-memory reference: the same seeded random mix of
 * creations, updates from current and stale revisions, deletions by {@code DELETE} and by
 * {@code _deleted}, re-creations and conflicting branches arriving by replication must give the
 * same answer to every call (revision or refusal) and leave the same documents.
 */
class LocalEditsEquivalenceTest {

    private static final String[] IDS = {"a", "b", "\u00e9t\u00e9", "\uD83D\uDE00", "_design/app"};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void answersEveryEditAndReadAsMemoryStoreDoes(long seed) throws Exception {
        Random random = new Random(seed);
        MemoryStore memory = new MemoryStore();
        List<String> outcomes = new ArrayList<>();
        try (SqliteStore sqlite = SqliteStore.open(dir.resolve("store.db"))) {
            for (int step = 0; step < 300; step++) {
                String id = IDS[random.nextInt(IDS.length)];
                Operation operation = pick(random, memory, id);
                String expected = outcome(() -> operation.apply(memory, memory));
                assertThat(outcome(() -> operation.apply(sqlite, sqlite))).as("step %d: %s", step, operation).isEqualTo(expected);
                outcomes.add(expected);
                String conflicts = outcome(() -> memory.conflicts(id));
                assertThat(outcome(() -> sqlite.conflicts(id))).as("step %d: conflicts", step).isEqualTo(conflicts);
                outcomes.add("conflicts " + conflicts);
            }
            for (String id : IDS) {
                assertThat(outcome(() -> sqlite.get(id))).as("get %s", id).isEqualTo(outcome(() -> memory.get(id)));
                assertThat(outcome(() -> sqlite.openRevs(id))).isEqualTo(outcome(() -> memory.openRevs(id)));
                assertThat(outcome(() -> sqlite.conflicts(id))).isEqualTo(outcome(() -> memory.conflicts(id)));
            }
            assertThat(sqlite.leaves()).isEqualTo(memory.leaves());
        }
        // The mix reached every rule: new revisions, refusals of both kinds, documents left in conflict.
        assertThat(outcomes).anyMatch(o -> o.matches("\\d+-[0-9a-f]{32}"))
                .anyMatch(o -> o.startsWith("ConflictException"))
                .anyMatch(o -> o.startsWith("NotFoundException: not_found: deleted"))
                .anyMatch(o -> o.matches("conflicts \\[.+\\]"));
    }

    /** One call on a store, seen both as the edit API and as a replication target. */
    private interface Operation {
        Object apply(LocalEdits store, Target target) throws Exception;
    }

    private static String outcome(Call call) {
        try {
            return String.valueOf(call.run());
        } catch (DocException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** An operation chosen from what the reference store holds now, so that most of them can succeed. */
    private static Operation pick(Random random, MemoryStore reference, String id) throws Exception {
        List<DocRevision> leaves = new ArrayList<>();
        try {
            leaves.addAll(reference.openRevs(id));
        } catch (DocException e) {
            // A document not written yet: creations only.
        }
        String body = "{\"v\":" + random.nextInt(4) + (random.nextBoolean() ? ",\"f\":1.50" : "") + "}";
        DocRevision leaf = leaves.isEmpty() ? null : leaves.get(random.nextInt(leaves.size()));
        int choice = random.nextInt(leaf == null ? 2 : 7);
        return switch (choice) {
            case 0 -> named("put " + id + " " + body, (s, t) -> s.put(id, body));
            case 1 -> named("put " + id + " with a made-up _rev", (s, t) -> s.put(id, withRev("1-feed", body)));
            case 2 -> named("put " + id + " on leaf " + leaf.rev(), (s, t) -> s.put(id, withRev(leaf.rev().toString(), body)));
            case 3 -> named("delete " + id + " " + leaf.rev(), (s, t) -> s.delete(id, leaf.rev()));
            case 4 -> named("put _deleted " + id + " on leaf " + leaf.rev(),
                    (s, t) -> s.put(id, withRev(leaf.rev().toString(), "{\"_deleted\":true}")));
            case 5 -> {
                // The parent of a leaf: stale unless the tree branched there.
                Rev stale = leaf.history().size() > 1 ? new Rev(leaf.rev().pos() - 1, leaf.history().get(1)) : leaf.rev();
                yield named("put " + id + " on " + stale, (s, t) -> s.put(id, withRev(stale.toString(), body)));
            }
            default -> {
                // Another edit of the leaf's parent arrives by replication: a sibling, so a conflict.
                String hash = Integer.toHexString(random.nextInt(1 << 16));
                List<String> history = new ArrayList<>(List.of(hash));
                history.addAll(leaf.history().subList(1, leaf.history().size()));
                DocRevision branch = new DocRevision(id, new Rev(leaf.rev().pos(), hash), random.nextInt(4) == 0,
                        history, body);
                yield named("replicate " + branch.rev() + " beside " + leaf.rev(), (s, t) -> t.writeDocs(List.of(branch)));
            }
        };
    }

    private static String withRev(String rev, String body) {
        return "{\"_rev\":\"" + rev + "\"," + body.substring(1);
    }

    private static Operation named(String name, Operation operation) {
        return new Operation() {
            @Override
            public Object apply(LocalEdits store, Target target) throws Exception {
                return operation.apply(store, target);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
