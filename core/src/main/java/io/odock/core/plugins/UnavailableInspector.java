package io.odock.core.plugins;

import io.odock.spi.blocker.RequestBlocker;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.Verdict;
import io.odock.spi.safety.SafetyFilter;

/**
 * Stands in for a request blocker or SafetySec filter whose {@code create()} failed at start-up. Inspecting plugins
 * fail closed: the operator installed the extension to refuse some requests, and without it the gateway cannot tell
 * which, so every inspection throws and the host answers 500 {@code plugin_error}, as it does for an extension that
 * throws while inspecting. The gateway itself keeps running, and the failure is reported with the other skipped
 * plugins until the operator fixes the configuration or removes the plugin.
 *
 * @param source the failed extension, as {@code plugin-id/extension-id}
 */
record UnavailableInspector(String source) implements RequestBlocker, SafetyFilter {

    @Override
    public Verdict check(GatewayRequest request, RequestInfo info) {
        throw unavailable();
    }

    @Override
    public Verdict inspectRequest(GatewayRequest request, RequestInfo info) {
        throw unavailable();
    }

    @Override
    public Verdict inspectResponse(GatewayRequest request, GatewayResponse response, RequestInfo info) {
        throw unavailable();
    }

    private IllegalStateException unavailable() {
        return new IllegalStateException("the inspecting extension " + source + " could not be created at start-up "
                + "(see the plugin failures in /readyz); refusing rather than skipping it");
    }
}
