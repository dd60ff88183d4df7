package io.odock.core.admin;

import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/** Lets only callers with the admin token into {@link AdminApi} resources. */
@AdminApi
@Priority(Priorities.AUTHENTICATION)
public final class AdminAuthFilter implements ContainerRequestFilter {
    private final AdminToken token;

    /** Checks against this token. */
    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (!token.matches(presented)) {
            throw new GatewayException(401, ErrorCodes.ADMIN_UNAUTHORIZED,
                    "The admin API needs 'Authorization: Bearer ADMIN_TOKEN' with this gateway's admin token");
        }
    }
}
