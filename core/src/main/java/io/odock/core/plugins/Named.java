package io.odock.core.plugins;

import java.util.Objects;

/**
 * An extension with the id the operator knows it by (its factory's id): what metrics, usage records and
 * {@code plugins.order} name it.
 *
 * @param id        the extension's id
 * @param extension the extension
 * @param <T>       its type
 */
public record Named<T>(String id, T extension) {
    /** Validates the components. */
    public Named {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(extension, "extension");
    }
}
