package io.odock.core.pipeline;

import io.odock.core.governance.Permit;
import io.odock.core.keys.ApiKey;
import io.odock.core.routing.Deployment;
import io.odock.core.usage.Attempt;
import io.odock.spi.model.Usage;

import java.util.List;
import java.util.Optional;

/**
 * What is known about one authenticated call when it ends, for accounting.
 *
 * @param requestId  the request id
 * @param key        the caller's key
 * @param route      the route
 * @param model      the client's model name (empty when the body could not be read)
 * @param deployment the deployment that served it, if it got that far
 * @param status     the HTTP status the client got (200 for a stream that started)
 * @param errorCode  the error code, when it failed
 * @param usage      the tokens the upstream reported
 * @param streamed   whether the answer was streamed
 * @param startNanos {@link System#nanoTime()} when the request arrived
 * @param attempts   each try on a deployment
 * @param permit     what admission holds for the call, settled when it is accounted
 * @param estimated  whether {@code usage} is the gateway's estimate (a stream cut before its usage arrived)
 * @param providerRequestId the upstream's own request id
 * @param plugins    what the inspecting plugins did
 */
record CallRecord(String requestId, ApiKey key, String route, String model, Optional<Deployment> deployment,
                  int status, Optional<String> errorCode, Usage usage, boolean streamed, long startNanos,
                  List<Attempt> attempts, Permit permit, boolean estimated, Optional<String> providerRequestId,
                  PluginTrail plugins) {
}
