package io.couchrepl.bench;

import java.util.OptionalLong;

/**
 * One timed run of one contender.
 *
 * @param wallSeconds   the process from start to exit (for the floor: its requests only, see {@code processSeconds})
 * @param processSeconds the whole process from start to exit
 * @param peakRssKb     the process's peak resident memory; -1 when it could not be measured
 * @param peakHeapMb    the peak heap in use, where the runtime reports it
 * @param revisions     revisions the run wrote (or, for the floor, leaves it fetched)
 */
record Sample(Contender contender, int round, double wallSeconds, double processSeconds, long peakRssKb,
        OptionalLong peakHeapMb, long revisions) {}
