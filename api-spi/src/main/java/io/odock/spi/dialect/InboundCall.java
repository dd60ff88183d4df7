package io.odock.spi.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.FilePart;
import io.odock.spi.model.Operation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's call as it reached the route: its parsed body, its headers, and what the route took from its URL.
 *
 * @param operation      what the route does
 * @param body           the JSON body (already checked to be a JSON object)
 * @param headers        the request headers, names in lower case, first value of each
 * @param files          the uploaded files of a {@code multipart/form-data} request (whose text fields are the body)
 * @param pathParameters values the route read from its path, such as {@code model} and {@code action} on Gemini's
 *                       {@code /v1beta/models/{model}:{action}}
 * @param query          the query parameters, first value of each (the caller's credential removed)
 */
public record InboundCall(Operation operation, ObjectNode body, Map<String, String> headers, List<FilePart> files,
                          Map<String, String> pathParameters, Map<String, String> query) {

    /** Validates the components. */
    public InboundCall {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        files = List.copyOf(files);
        pathParameters = Map.copyOf(pathParameters);
        query = Map.copyOf(query);
    }

    /** A call with files, without path or query parameters. */
    public InboundCall(Operation operation, ObjectNode body, Map<String, String> headers, List<FilePart> files) {
        this(operation, body, headers, files, Map.of(), Map.of());
    }

    /** A JSON call, without files. */
    public InboundCall(Operation operation, ObjectNode body, Map<String, String> headers) {
        this(operation, body, headers, List.of());
    }

    /** A header's value, by lower-case name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** A value the route read from its path. */
    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** A query parameter. */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }
}
