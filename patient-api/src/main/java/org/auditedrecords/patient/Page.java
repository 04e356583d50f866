package org.auditedrecords.patient;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of results in id order.
 *
 * @param nextAfter the id the next page starts after, when there are more results
 */
public record Page<T>(List<T> items, Optional<String> nextAfter) {

    public Page {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code limit} items out of {@code fetched}, which holds up to {@code limit + 1} so that one extra
     * item tells whether another page exists.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> idOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> page = fetched.subList(0, limit);
        return new Page<>(page, Optional.of(idOf.apply(page.get(limit - 1))));
    }
}
