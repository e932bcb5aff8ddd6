package io.couchrepl.testing;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Which requests a {@link FaultProxy} breaks, and how. The proxy asks about requests one at a time, in
 * the order they arrive, so a seeded plan breaks the same requests of the same run every time.
 */
@FunctionalInterface
public interface FaultPlan {

    /** The fault for this request, if any. */
    Optional<Fault> faultFor(ForwardingProxy.Request request);

    /** Forwards everything faithfully. */
    static FaultPlan none() {
        return request -> Optional.empty();
    }

    /** Every request {@code which} picks gets {@code fault}. */
    static FaultPlan always(Predicate<ForwardingProxy.Request> which, Fault fault) {
        return request -> which.test(request) ? Optional.of(fault) : Optional.empty();
    }

    /** The first {@code count} requests {@code which} picks get {@code fault}; then none. */
    static FaultPlan first(int count, Predicate<ForwardingProxy.Request> which, Fault fault) {
        AtomicInteger left = new AtomicInteger(count);
        return request -> which.test(request) && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? Optional.of(fault) : Optional.empty();
    }

    /**
     * Each request {@code which} picks gets, with probability {@code rate}, one of {@code faults} drawn
     * from a {@link Random} with {@code seed}; a body is cut at a random share.
     */
    static FaultPlan random(long seed, double rate, List<Fault> faults, Predicate<ForwardingProxy.Request> which) {
        if (faults.isEmpty() || rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a random plan needs faults and a rate between 0 and 1");
        }
        Random random = new Random(seed);
        return request -> {
            if (!which.test(request) || random.nextDouble() >= rate) {
                return Optional.empty();
            }
            Fault fault = faults.get(random.nextInt(faults.size()));
            return Optional.of(fault.cutsBody() ? fault.cutAt(0.05 + 0.9 * random.nextDouble()) : fault);
        };
    }

    /** Every request. */
    static Predicate<ForwardingProxy.Request> anyRequest() {
        return request -> true;
    }

    /** Requests whose path (before the query) ends with {@code suffix}, such as {@code "/_bulk_get"}. */
    static Predicate<ForwardingProxy.Request> pathEndsWith(String suffix) {
        return request -> request.path().endsWith(suffix);
    }

    /** Requests whose path and query contain {@code text}, such as {@code "feed=longpoll"}. */
    static Predicate<ForwardingProxy.Request> contains(String text) {
        return request -> request.pathAndQuery().contains(text);
    }
}
