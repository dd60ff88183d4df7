package io.odock.core.limits;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Where buckets live. Each operation finds or creates the bucket described by the spec and makes sure it has the
 * spec's limit, so an operator's change of a limit takes effect on the next request.
 */
interface BucketStore extends AutoCloseable {

    /** Takes {@code tokens} if the bucket has them. */
    ConsumptionProbe tryConsume(BucketSpec spec, long tokens);

    /** Returns {@code tokens}, never above the bucket's capacity. */
    void giveBack(BucketSpec spec, long tokens);

    /** Takes {@code tokens} even when the bucket goes into debt. */
    void forceConsume(BucketSpec spec, long tokens);

    /** True when the store answers in time. */
    boolean healthy();

    /** {@code local} or {@code redis}. */
    String backend();

    @Override
    void close();
}
