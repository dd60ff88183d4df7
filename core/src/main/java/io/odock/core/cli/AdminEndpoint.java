package io.odock.core.cli;

import io.odock.core.config.ClientSettings;
import io.odock.core.config.ConfigLoader;
import io.odock.core.config.OdockHome;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI finds the running gateway and its admin token: {@code ODOCK_URL} and {@code ODOCK_ADMIN_TOKEN} when
 * set, else the same configuration file the server uses ({@code --config}, {@code ODOCK_CONF}, or the home's).
 *
 * @param url   the gateway's base URL
 * @param token the admin token, possibly empty when none can be found
 */
record AdminEndpoint(URI url, String token) {

    static AdminEndpoint resolve(String configArgument, Map<String, String> env) {
        String url = env.get("ODOCK_URL");
        String token = env.get("ODOCK_ADMIN_TOKEN");
        if (url != null && !url.isBlank() && token != null && !token.isBlank()) {
            return new AdminEndpoint(URI.create(url.endsWith("/") ? url : url + "/"), token);
        }
        Path home = OdockHome.resolve(env);
        ClientSettings settings = new ConfigLoader(env, home)
                .loadClientSettings(OdockHome.configFile(configArgument, env, home));
        URI base = url != null && !url.isBlank() ? URI.create(url.endsWith("/") ? url : url + "/")
                : baseUrl(settings);
        if (token == null || token.isBlank()) {
            token = settings.adminToken().isPresent() ? settings.adminToken().reveal() : readTokenFile(settings.tokenFile());
        }
        return new AdminEndpoint(base, token);
    }

    static URI baseUrl(ClientSettings settings) {
        String host = settings.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + settings.port() + "/");
    }

    private static String readTokenFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            throw new AdminClient.CliFailure(3, "no admin token: " + file + " does not exist yet (it is written on "
                    + "the gateway's first start; is the gateway running?). Or set ODOCK_ADMIN_TOKEN");
        } catch (IOException e) {
            throw new AdminClient.CliFailure(1, "cannot read the admin token from " + file + ": " + e.getMessage()
                    + " (run as the gateway's user, or set ODOCK_ADMIN_TOKEN)");
        }
    }
}
