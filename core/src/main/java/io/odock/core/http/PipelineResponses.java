package io.odock.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.pipeline.PipelineResult;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Turns a pipeline result into Jersey's response: JSON bytes, or an event stream written as events arrive. */
final class PipelineResponses {

    private PipelineResponses() {
    }

    /** The upstream's content type, or plain bytes when it sent one that cannot be parsed. */
    private static MediaType mediaType(String contentType) {
        try {
            return MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM_TYPE;
        }
    }

    static Response toResponse(PipelineResult result, ObjectMapper json) {
        Response.ResponseBuilder response = switch (result) {
            case PipelineResult.Json answer -> Response.status(answer.status())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(JsonEntity.of(json, answer.body()));
            case PipelineResult.Bytes answer -> Response.status(answer.status())
                    .type(mediaType(answer.body().contentType()))
                    .entity(answer.body().bytes());
            case PipelineResult.EventStream stream -> Response.ok((StreamingOutput) stream.body()::writeTo,
                            MediaType.valueOf(stream.framing().contentType()))
                    .header("Cache-Control", "no-cache")
                    // Tells nginx-style proxies in front of the gateway not to buffer the stream either.
                    .header("X-Accel-Buffering", "no");
        };
        result.headers().forEach(response::header);
        return response.build();
    }
}
