package io.odock.core.plugins;

import java.util.Comparator;
import java.util.List;

/**
 * The order inspecting extensions run in: first those {@code plugins.order} lists, in its order, then the rest by id,
 * so the order never depends on how plugins happen to be found on disk.
 */
final class ExecutionOrder {
    private ExecutionOrder() {
    }

    static <T> List<Named<T>> sorted(List<Named<T>> extensions, List<String> order) {
        return extensions.stream().sorted(Comparator.<Named<T>>comparingInt(named -> {
            int position = order.indexOf(named.id());
            return position < 0 ? Integer.MAX_VALUE : position;
        }).thenComparing(Named::id)).toList();
    }
}
