package io.odock.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body as a JSON object under the configured size limit. Parsing happens once, here; translators and
 * adapters share the resulting tree.
 */
public final class JsonBodyReader {
    private final ObjectMapper json;
    private final long maxBytes;
    private final BodyMemory memory;

    /**
     * @param json     the shared mapper
     * @param maxBytes {@code server.maxBodyBytes}
     * @param memory   the budget large bodies are held under
     */
    public JsonBodyReader(ObjectMapper json, long maxBytes, BodyMemory memory) {
        this.json = json;
        this.maxBytes = maxBytes;
        this.memory = memory;
    }

    /**
     * A new reservation on the budget this reader reads under, for
     * {@link #read(InputStream, long, long, BodyMemory.Hold)}.
     */
    public BodyMemory.Hold hold() {
        return memory.hold();
    }

    /**
     * The body as a JSON object.
     *
     * @param declaredLength the {@code Content-Length}, or -1 when the body is chunked
     * @throws GatewayException 413 over the limit, 400 {@code invalid_json} or {@code invalid_request} otherwise
     */
    public ObjectNode read(InputStream body, long declaredLength) {
        return read(body, declaredLength, maxBytes);
    }

    /**
     * The body as a JSON object, within a tighter limit (an API key's {@code max_request_bytes}).
     *
     * @param limit the largest body accepted, at most {@code server.maxBodyBytes}
     */
    public ObjectNode read(InputStream body, long declaredLength, long limit) {
        try (BodyMemory.Hold hold = memory.hold()) {
            return read(body, declaredLength, limit, hold);
        }
    }

    /**
     * The body as a JSON object, its size reserved on {@code hold} before it is read. The tree outlives this call, so
     * the caller keeps the hold until the request is done with it.
     *
     * @throws GatewayException also 503 {@code gateway_overloaded} when the body does not fit in the memory budget
     */
    public ObjectNode read(InputStream body, long declaredLength, long limit, BodyMemory.Hold hold) {
        long max = Math.min(limit, maxBytes);
        if (declaredLength > max) {
            throw tooLarge(max);
        }
        byte[] bytes = readLimited(body, declaredLength, max, hold);
        if (bytes.length == 0) {
            throw GatewayException.invalidRequest("The request body is empty; send a JSON object");
        }
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new GatewayException(400, ErrorCodes.INVALID_JSON,
                    "The request body is not valid JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new GatewayException(400, ErrorCodes.INVALID_JSON, "The request body could not be read");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw GatewayException.invalidRequest("The request body must be a JSON object");
        }
        return object;
    }

    /**
     * Reads the body into one array of its size. A declared length (already checked against the limit) is what the
     * container delivers, so the array is allocated once at that size: profiles showed the former 8 KiB copy buffer
     * per request as most of the gateway's allocation. A chunked body is read up to one byte past the limit, which
     * tells "at the limit" from "over it".
     */
    private byte[] readLimited(InputStream body, long declaredLength, long max, BodyMemory.Hold hold) {
        try (body) {
            if (declaredLength >= 0) {
                hold.cover(declaredLength);
                return body.readNBytes((int) declaredLength);
            }
            return readChunked(body, max, hold);
        } catch (IOException e) {
            throw new GatewayException(400, ErrorCodes.INVALID_REQUEST, "The request body could not be read");
        }
    }

    /**
     * A body of unknown length, read in steps that double, each reserved before it is read, up to one byte past the
     * limit (which tells "at the limit" from "over it"). Small bodies take one step.
     */
    private byte[] readChunked(InputStream body, long max, BodyMemory.Hold hold) throws IOException {
        long cap = Math.min(max + 1, Integer.MAX_VALUE - 8);
        int firstStep = (int) Math.min(BodyMemory.UNCOUNTED, cap);
        byte[] bytes = body.readNBytes(firstStep);
        int length = bytes.length;
        if (length < firstStep) {
            return bytes;
        }
        while (length == bytes.length && length < cap) {
            int next = (int) Math.min(cap, (long) length * 2);
            hold.cover(next);
            bytes = java.util.Arrays.copyOf(bytes, next);
            length += body.readNBytes(bytes, length, next - length);
        }
        if (length > max) {
            throw tooLarge(max);
        }
        return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
    }

    private GatewayException tooLarge(long max) {
        return new GatewayException(413, ErrorCodes.REQUEST_TOO_LARGE, max < maxBytes
                ? "The request body is larger than this API key allows (" + max + " bytes)"
                : "The request body is larger than this gateway accepts (" + max + " bytes)");
    }
}
