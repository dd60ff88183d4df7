package io.odock.plugin.blocker;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.RequestInfo;

import java.time.ZonedDateTime;

/**
 * What a request must satisfy to pass a rule that applies to it. A rule lists zero or more conditions; the request is
 * refused when any of them does not hold (a rule without conditions refuses every request it selects).
 */
sealed interface Condition permits OpeningHours, HeaderCondition, MetadataCondition {

    /**
     * Whether the request satisfies the condition.
     *
     * @param now the current time, from the blocker's clock
     */
    boolean holds(GatewayRequest request, RequestInfo info, ZonedDateTime now);
}
