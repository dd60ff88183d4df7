package io.odock.spi.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.FilePart;
import io.odock.spi.model.Operation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's call as it reached the route: its parsed body and its headers.
 *
 * @param operation what the route does
 * @param body      the JSON body (already checked to be a JSON object)
 * @param headers   the request headers, names in lower case, first value of each
 * @param files     the uploaded files of a {@code multipart/form-data} request (whose text fields are the body)
 */
public record InboundCall(Operation operation, ObjectNode body, Map<String, String> headers, List<FilePart> files) {

    /** Validates the components. */
    public InboundCall {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        files = List.copyOf(files);
    }

    /** A JSON call, without files. */
    public InboundCall(Operation operation, ObjectNode body, Map<String, String> headers) {
        this(operation, body, headers, List.of());
    }

    /** A header's value, by lower-case name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
