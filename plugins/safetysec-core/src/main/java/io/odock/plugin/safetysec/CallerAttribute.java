package io.odock.plugin.safetysec;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.util.Optional;

/** What a {@code select} entry can match on, with its key in {@code odock.yaml}. */
enum CallerAttribute {
    /** The Odock API key's id. */
    KEY("key"),
    /** The Odock API key's name. */
    KEY_NAME("keyName"),
    /** The key's organisation. */
    ORGANIZATION("organization"),
    /** The key's team. */
    TEAM("team"),
    /** The key's user. */
    USER("user"),
    /** The model the client asked for. */
    MODEL("model");

    private final String configKey;

    CallerAttribute(String configKey) {
        this.configKey = configKey;
    }

    /** Its key in a {@code select} entry. */
    String configKey() {
        return configKey;
    }

    /** The attribute named by this key in a {@code select} entry. */
    static Optional<CallerAttribute> byConfigKey(String key) {
        for (CallerAttribute attribute : values()) {
            if (attribute.configKey.equals(key)) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    /** Its value for this call, when the call has one. */
    Optional<String> valueOf(GatewayRequest request, RequestInfo info) {
        return switch (this) {
            case KEY -> Optional.of(info.keyId()).filter(s -> !s.isEmpty());
            case KEY_NAME -> Optional.of(info.keyName()).filter(s -> !s.isEmpty());
            case ORGANIZATION -> info.organization();
            case TEAM -> info.team();
            case USER -> info.user();
            case MODEL -> Optional.of(request.model());
        };
    }
}
