package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a running gateway's admin API with the admin token. */
final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    AdminClient(URI baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    JsonNode get(String path) {
        return call(HttpRequest.newBuilder(baseUrl.resolve(path)).GET());
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    JsonNode put(String path, JsonNode body) {
        return send("PUT", path, body);
    }

    JsonNode delete(String path) {
        return call(HttpRequest.newBuilder(baseUrl.resolve(path)).DELETE());
    }

    private JsonNode send(String method, String path, JsonNode body) {
        try {
            return call(HttpRequest.newBuilder(baseUrl.resolve(path))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure(3, "the gateway is not running at " + baseUrl + " (connection refused); "
                    + "start it with 'bin/odock start'");
        } catch (IOException e) {
            throw new CliFailure(1, "cannot talk to the gateway at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(1, "interrupted");
        }
        JsonNode body;
        try {
            body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure(1, "the server at " + baseUrl + " answered HTTP " + response.statusCode()
                    + " with something that is not Odock's admin API");
        }
        if (response.statusCode() == 401) {
            throw new CliFailure(1, "the admin token was refused by " + baseUrl + "; check ODOCK_ADMIN_TOKEN, "
                    + "admin.token in the configuration, or the token file in the data directory");
        }
        if (response.statusCode() >= 400) {
            String message = body.path("error").path("message").asText("HTTP " + response.statusCode());
            throw new CliFailure(1, message);
        }
        return body;
    }

    /** A failure to report in one line, with the process exit code. */
    static final class CliFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        CliFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
