package io.odock.plugin.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;

/**
 * A request header must be as the rule says. Credentials never reach plugins, so a rule cannot be written against
 * {@code authorization} or the other key headers.
 *
 * @param name  the header's name, lower case
 * @param value what its first value must be
 */
record HeaderCondition(String name, ValueRule value) implements Condition {

    /** Validates the components and lower-cases the name, as the host does with request headers. */
    HeaderCondition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        name = name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean holds(GatewayRequest request, RequestInfo info, ZonedDateTime now) {
        return value.accepts(info.header(name));
    }
}
