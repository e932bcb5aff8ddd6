package io.couchrepl.diff;

import io.couchrepl.protocol.Change;
import io.couchrepl.protocol.MissingRevs;
import io.couchrepl.protocol.Rev;
import io.couchrepl.spi.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Asks the target which of the leaf revisions listed by a page of changes it lacks ({@code _revs_diff}). */
public final class MissingRevsFinder {

    /** The question asked and the target's answer. */
    public record Outcome(int revisionsChecked, Collection<MissingRevs> missing) {
        public int missingCount() {
            return missing.stream().mapToInt(m -> m.missing().size()).sum();
        }
    }

    private final Target target;

    public MissingRevsFinder(Target target) {
        this.target = target;
    }

    public Outcome find(List<Change> changes) throws IOException {
        Map<String, List<Rev>> asked = new LinkedHashMap<>();
        int checked = 0;
        for (Change change : changes) {
            List<Rev> revs = asked.computeIfAbsent(change.id(), id -> new ArrayList<>());
            for (Rev rev : change.revs()) {
                if (!revs.contains(rev)) {
                    revs.add(rev);
                    checked++;
                }
            }
        }
        if (asked.isEmpty()) {
            return new Outcome(0, List.of());
        }
        return new Outcome(checked, target.revsDiff(asked).values());
    }
}
