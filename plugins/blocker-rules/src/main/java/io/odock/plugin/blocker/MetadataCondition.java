package io.odock.plugin.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * An entry of the request's caller-supplied {@code metadata} map must be as the rule says.
 *
 * @param key   the metadata key
 * @param value what its value must be
 */
record MetadataCondition(String key, ValueRule value) implements Condition {

    /** Validates the components. */
    MetadataCondition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean holds(GatewayRequest request, RequestInfo info, ZonedDateTime now) {
        return value.accepts(Optional.ofNullable(request.metadata().get(key)));
    }
}
