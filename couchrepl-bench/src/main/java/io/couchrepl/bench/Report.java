package io.couchrepl.bench;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The benchmark's Markdown report: the machine, the table of medians, the ratios, stage times and lag. */
final class Report {

    /** Everything one run measured. */
    record Data(Machine machine, DataSet data, int rounds, long loadMillis, List<Sample> samples,
            Map<String, Map<String, Long>> stages, List<Double> lagsMillis, Optional<GrowthScenario.Result> growth, List<SweepRow> sweep,
            StoreReads reads) {}

    /** One size of the sweep: A, C and D over the rounds on {@code docs} first revisions. */
    record SweepRow(int docs, List<Sample> samples) {
        double median(Contender contender) {
            return Stats.median(samples.stream().filter(s -> s.contender() == contender).map(Sample::wallSeconds).toList());
        }

        /** {@code numerator}'s time over {@code denominator}'s, taken within each round. */
        List<Double> ratios(Contender numerator, Contender denominator) {
            return perRound(samples, numerator, denominator);
        }
    }

    /** Whole-process times of {@code get} of one document and {@code dump} of a store of {@code docs} documents. */
    record StoreReads(int docs, List<Double> getSeconds, List<Double> dumpSeconds) {}

    /** The size sweep's target for PouchDB's time over couchrepl's, by size. */
    private static String sweepTarget(int docs) {
        if (docs <= 200) {
            return ">= 1.2x";
        }
        if (docs <= 2_000) {
            return ">= 2x";
        }
        if (docs <= 20_000) {
            return ">= 3x; A/D <= 1.3x";
        }
        return ">= 3.5x";
    }

    private Report() {}

    /** Median wall time of a contender's rounds, in seconds. */
    static double medianWall(Data data, Contender contender) {
        return Stats.median(of(data, contender).stream().map(Sample::wallSeconds).toList());
    }

    static String markdown(Data d) {
        StringBuilder out = new StringBuilder();
        Machine m = d.machine();
        out.append("## Run of ").append(LocalDate.now(ZoneOffset.UTC)).append(": ")
                .append(String.format(Locale.ROOT, "%,d", d.data().docs())).append(" documents, ")
                .append(d.rounds()).append(d.rounds() == 1 ? " round" : " rounds").append("\n\n");
        out.append(String.format(Locale.ROOT,
                "Machine: %d cores, %s, %s. %s, node %s, %s, %s.%n%n", m.cores(), m.memory(), m.cpu(), m.jdk(), m.node(),
                m.couchdb(), m.pouchdb()));
        out.append(String.format(Locale.ROOT,
                "Source: %,d documents of about 1 KB (%,d leaf revisions: 10%% with three generations of history, "
                        + "5%% deleted, 5%% conflicted), loaded in %.1f s. Every run below wrote (or fetched) all %,d leaves.%n%n",
                d.data().docs(), d.data().leaves(), d.loadMillis() / 1000.0, d.data().leaves()));

        out.append("| | run | wall time (median) | docs/s | peak RSS | peak heap | every round (s) |\n");
        out.append("|---|---|---:|---:|---:|---:|---|\n");
        for (Contender c : Contender.values()) {
            List<Sample> samples = of(d, c);
            if (samples.isEmpty()) {
                continue;
            }
            double wall = medianWall(d, c);
            out.append("| ").append(c.letter).append(" | ").append(c.description).append(" | ")
                    .append(seconds(wall)).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", d.data().docs() / wall)).append(" | ")
                    .append(rss(samples)).append(" | ")
                    .append(heap(samples)).append(" | ")
                    .append(samples.stream().map(s -> String.format(Locale.ROOT, "%.2f", s.wallSeconds()))
                            .collect(Collectors.joining(" / ")))
                    .append(" |\n");
        }
        List<Sample> floor = of(d, Contender.FLOOR);
        if (!floor.isEmpty()) {
            out.append(String.format(Locale.ROOT,
                    "%nThe floor's time is its requests alone (the server answering and the bytes read); its whole "
                            + "process took %s (median). docs/s is source documents (%,d) per second of wall time.%n",
                    seconds(Stats.median(floor.stream().map(Sample::processSeconds).toList())), d.data().docs()));
        }

        out.append("\n| ratio | median of the rounds | every round | target |\n|---|---:|---|---|\n");
        ratioRow(out, d, "A / C docs/s (couchrepl durable vs PouchDB)", Contender.POUCHDB, Contender.DURABLE, ">= 3x");
        ratioRow(out, d, "B / C docs/s (couchrepl in memory vs PouchDB)", Contender.POUCHDB, Contender.MEMORY, "");
        ratioRow(out, d, "A / D wall time (couchrepl durable vs floor)", Contender.DURABLE, Contender.FLOOR, "<= 1.3x");
        ratioRow(out, d, "B / D wall time (couchrepl in memory vs floor)", Contender.MEMORY, Contender.FLOOR, "");

        if (!d.sweep().isEmpty()) {
            out.append("\n### Sizes: a pull of a database written once\n\n");
            out.append("Documents of about 1 KB, each one first revision. Each round runs A, C and D in turn on the same "
                    + "database (5 rounds up to 2,000 documents, whose whole processes take a second or less). A and C are "
                    + "whole processes, JVM or node start included; D is the floor's requests alone. Ratios are taken "
                    + "within a round, then the median.\n\n");
            out.append("| documents | A couchrepl pull | C PouchDB replicate | D floor | C time / A time | A / D | target |\n");
            out.append("|---:|---:|---:|---:|---:|---:|---|\n");
            for (SweepRow row : d.sweep()) {
                out.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %.2fx | %.2fx | %s |%n", row.docs(),
                        seconds(row.median(Contender.DURABLE)), seconds(row.median(Contender.POUCHDB)),
                        seconds(row.median(Contender.FLOOR)),
                        Stats.median(row.ratios(Contender.POUCHDB, Contender.DURABLE)),
                        Stats.median(row.ratios(Contender.DURABLE, Contender.FLOOR)), sweepTarget(row.docs())));
            }
        }
        if (d.reads() != null && !d.reads().getSeconds().isEmpty()) {
            StoreReads r = d.reads();
            out.append(String.format(Locale.ROOT, "%n### Reads of a small store%n%n"
                            + "A store of %,d documents pulled by `bin/couchrepl`; whole process, %d runs each.%n%n"
                            + "| command | median | every run (s) | target |%n|---|---:|---|---|%n", r.docs(),
                    r.getSeconds().size()));
            out.append("| `couchrepl get STORE ID` | ").append(seconds(Stats.median(r.getSeconds()))).append(" | ")
                    .append(joined(r.getSeconds())).append(" | <= 0.3 s |\n");
            out.append("| `couchrepl dump STORE` | ").append(seconds(Stats.median(r.dumpSeconds()))).append(" | ")
                    .append(joined(r.dumpSeconds())).append(" | <= 0.3 s |\n");
        }

        if (!d.stages().isEmpty()) {
            out.append("\n### Where a pull spends its time\n\n");
            out.append("One in-process pull each (library, fresh JVM), every call to the source and the target timed. "
                    + "The engine overlaps the stages (a reader, a fetcher and a writer thread), so the stage times add up "
                    + "to more than the total: the busiest stage bounds it.\n\n");
            List<String> names = new ArrayList<>(d.stages().values().iterator().next().keySet());
            out.append("| target | ").append(String.join(" | ", names.stream().map(n -> n + " (s)").toList())).append(" |\n");
            out.append("|---|").append("---:|".repeat(names.size())).append("\n");
            d.stages().forEach((target, stages) -> {
                out.append("| ").append(target).append(" | ");
                out.append(names.stream().map(n -> String.format(Locale.ROOT, "%.2f", stages.getOrDefault(n, 0L) / 1000.0))
                        .collect(Collectors.joining(" | ")));
                out.append(" |\n");
            });
        }

        if (!d.lagsMillis().isEmpty()) {
            List<Double> lags = d.lagsMillis();
            out.append(String.format(Locale.ROOT, "%n### Continuous lag%n%n"
                            + "A continuous pull into the durable store, caught up; then %d single-document writes to the "
                            + "source, 20 to 50 ms apart. Lag is from sending the write to its revision being readable "
                            + "from the store.%n%n"
                            + "| writes | median | p99 | max | target |%n|---:|---:|---:|---:|---|%n"
                            + "| %d | %.1f ms | %.1f ms | %.1f ms | median < 200 ms |%n",
                    lags.size(), lags.size(), Stats.median(lags), Stats.percentile(lags, 99), Stats.max(lags)));
        }
        d.growth().ifPresent(g -> out.append(String.format(Locale.ROOT, "%n### Growth: a store kept for the long run%n%n"
                        + "A continuous pull into the durable store follows %d documents updated %d times (one "
                        + "`_bulk_docs` a round; one in 15 documents carries a 50 KB attachment replaced every 10th round). "
                        + "Store bytes are the file, its write-ahead log and the attachment files, against a fresh pull of "
                        + "the final state; the lag is from sending a round to the store holding its last document.%n%n"
                        + "| rounds | store / fresh | after `compact` / fresh | fresh pull | round lag median | p99 | target |%n"
                        + "|---:|---:|---:|---:|---:|---:|---|%n"
                        + "| %d | %.2fx (%s) | %.2fx (%s) | %s | %.1f ms | %.1f ms | <= 1.5x after %d rounds |%n",
                g.docs(), g.rounds(), g.rounds(), (double) g.storeBytes() / g.freshBytes(), megabytes(g.storeBytes()),
                (double) g.compactedBytes() / g.freshBytes(), megabytes(g.compactedBytes()), megabytes(g.freshBytes()),
                Stats.median(g.roundLagsMillis()), Stats.percentile(g.roundLagsMillis(), 99), g.rounds())));
        return out.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** {@code numerator}'s wall time over {@code denominator}'s, for each round both ran. */
    private static List<Double> perRound(List<Sample> samples, Contender numerator, Contender denominator) {
        List<Double> perRound = new ArrayList<>();
        for (Sample n : samples) {
            for (Sample m : samples) {
                if (n.contender() == numerator && m.contender() == denominator && m.round() == n.round()) {
                    // docs/s ratios are inverse wall-time ratios: same documents in both.
                    perRound.add(n.wallSeconds() / m.wallSeconds());
                }
            }
        }
        return perRound;
    }

    private static String joined(List<Double> seconds) {
        return seconds.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(" / "));
    }

    private static void ratioRow(StringBuilder out, Data d, String label, Contender numerator, Contender denominator, String target) {
        List<Double> perRound = perRound(d.samples(), numerator, denominator);
        if (perRound.isEmpty()) {
            return;
        }
        // Ratios are taken within a round, then the median: a drift of the machine's speed between rounds
        // then moves both sides of each ratio alike.
        out.append("| ").append(label).append(" | ").append(String.format(Locale.ROOT, "%.2fx", Stats.median(perRound)))
                .append(" | ").append(joined(perRound))
                .append(" | ").append(target).append(" |\n");
    }

    private static List<Sample> of(Data d, Contender c) {
        return d.samples().stream().filter(s -> s.contender() == c).toList();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String rss(List<Sample> samples) {
        List<Long> known = samples.stream().map(Sample::peakRssKb).filter(kb -> kb >= 0).toList();
        return known.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f MB", Stats.median(known) / 1024.0);
    }

    private static String heap(List<Sample> samples) {
        List<Long> known = samples.stream().map(Sample::peakHeapMb).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).toList();
        return known.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f MB", Stats.median(known));
    }

    /** Where the generated run ends in {@code docs/benchmarks.md}; what follows is written by hand and kept. */
    static final String NOTES_MARKER = "<!-- Everything below is written by hand; bench/run.sh keeps it. -->";

    /** The hand-written notes of an existing report, from its marker on; empty when it has none. */
    static String notesOf(String existing) {
        int at = existing.indexOf(NOTES_MARKER);
        return at < 0 ? "" : "\n" + existing.substring(at);
    }

    /** The whole of {@code docs/benchmarks.md}: how to reproduce, then the run. */
    static String document(String run) {
        return """
                # Benchmarks

                How long a first pull takes, side by side with PouchDB and with the least any replicator must ask
                of the server. Reproduce with one command from the project root (it builds what it needs, starts
                CouchDB 3.5.0 from `../shared/couchdb` on a free loopback port, installs PouchDB from
                `bench/pouchdb/package-lock.json`, and prints this table):

                    bench/run.sh [N]          # N documents, default 100000; 3 rounds; then the size sweep
                    bench/run.sh --smoke      # 500 documents, 1 round, a sweep of 200: checks the harness works

                Each round runs A, B, C and D in turn against the same database, so a drift of the machine's speed
                touches all four alike; the table gives medians over the rounds. Wall time and peak RSS are taken
                from outside each process (JVM or node start included); peak heap is read from the JVM's GC log
                (the largest heap in use before a collection or at exit) and from node's own heap statistics.

                """ + run;
    }
}
