package io.odock.core.auth;

import io.odock.core.keys.ApiKey;
import io.odock.core.keys.KeyService;
import io.odock.core.pipeline.InboundRequest;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;

import java.util.Locale;
import java.util.Optional;

/**
 * Finds the caller's Odock key in the places its route allows and checks it against the in-memory key registry (no
 * database round trip). Missing, unknown, expired and revoked keys are distinct 401s.
 */
public final class CallerAuthenticator {
    private final KeyService keys;

    /** Checks keys against this service's registry. */
    public CallerAuthenticator(KeyService keys) {
        this.keys = keys;
    }

    /**
     * The caller's key.
     *
     * @throws GatewayException 401 {@code missing_api_key}, {@code invalid_api_key}, {@code api_key_expired} or
     *                          {@code api_key_revoked}
     */
    public ApiKey authenticate(InboundRequest request, CredentialSources sources) {
        String secret = credential(request, sources).orElseThrow(() -> new GatewayException(401,
                ErrorCodes.MISSING_API_KEY, "No API key provided. Send your Odock key as " + sources.describe()));
        return switch (keys.authenticate(secret)) {
            case KeyService.Authentication.Authenticated ok -> ok.key();
            case KeyService.Authentication.Revoked revoked -> throw new GatewayException(401,
                    ErrorCodes.API_KEY_REVOKED, "This API key has been revoked");
            case KeyService.Authentication.Expired expired -> throw new GatewayException(401,
                    ErrorCodes.API_KEY_EXPIRED, "This API key has expired");
            case KeyService.Authentication.Unknown unknown -> throw new GatewayException(401,
                    ErrorCodes.INVALID_API_KEY, "Incorrect API key provided");
        };
    }

    private static Optional<String> credential(InboundRequest request, CredentialSources sources) {
        Optional<String> authorization = request.header("authorization").map(String::trim);
        if (authorization.isPresent()) {
            String value = authorization.get();
            if (value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
                String token = value.substring(7).trim();
                if (!token.isEmpty()) {
                    return Optional.of(token);
                }
            }
            if (!sources.xApiKey() && !sources.xGoogApiKey() && !sources.queryKey()) {
                throw new GatewayException(401, ErrorCodes.INVALID_API_KEY,
                        "The Authorization header must be 'Bearer KEY'");
            }
        }
        if (sources.xApiKey()) {
            Optional<String> key = nonBlank(request.header("x-api-key"));
            if (key.isPresent()) {
                return key;
            }
        }
        if (sources.xGoogApiKey()) {
            Optional<String> key = nonBlank(request.header("x-goog-api-key"));
            if (key.isPresent()) {
                return key;
            }
        }
        if (sources.queryKey()) {
            return nonBlank(Optional.ofNullable(request.query().get("key")));
        }
        return Optional.empty();
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
