package io.odock.core.limits;

/**
 * What an admitted request took from one token bucket, so settling can reconcile it with the real usage in the same
 * bucket (and, for quotas, the same calendar window) even when settling happens after the window turned.
 *
 * @param bucket the bucket, with its window
 * @param taken  the tokens taken at admission
 */
record TokenCharge(BucketSpec bucket, long taken) {
}
