package io.couchrepl.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics of a handful of measurements. */
final class Stats {

    private Stats() {}

    /** The middle value; the mean of the two middle ones for an even count. */
    static double median(List<? extends Number> values) {
        List<Double> sorted = sorted(values);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The nearest-rank percentile: the smallest value at or above {@code p} percent of the values. */
    static double percentile(List<? extends Number> values, double p) {
        List<Double> sorted = sorted(values);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double max(List<? extends Number> values) {
        return sorted(values).get(values.size() - 1);
    }

    private static List<Double> sorted(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values.size());
        for (Number v : values) {
            sorted.add(v.doubleValue());
        }
        Collections.sort(sorted);
        return sorted;
    }
}
