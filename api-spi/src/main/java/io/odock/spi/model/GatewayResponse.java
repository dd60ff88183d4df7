package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's complete (non-streamed) answer in the gateway's own terms. Build one with {@link #builder()}.
 *
 * @param provider          the provider type that answered ({@code openai}, ...); a translator for the same dialect
 *                          may send {@code rawResponse} back as it is
 * @param model             the model the upstream says answered
 * @param content           the answer's text, all text parts joined
 * @param stopReason        why generation stopped, in OpenAI's vocabulary ({@code stop}, {@code length},
 *                          {@code tool_calls}, {@code content_filter}); adapters map their provider's reasons to these
 * @param contentBlocks     the answer's content parts, when it has more than text
 * @param toolCalls         tool calls the model made
 * @param embeddings        embedding vectors, one per input in order (embeddings calls)
 * @param usage             tokens consumed
 * @param providerRequestId the upstream's own request id, for support cases
 * @param rawResponse       the upstream's body as it arrived
 * @param warnings          what the adapter left out of the request because its provider lacks it, one short sentence
 *                          each; the host sends them in the {@code x-odock-warning} header
 * @param rawBody           the upstream's body when it is not JSON (a transcript as text); {@code rawResponse} is then
 *                          empty
 */
public record GatewayResponse(String provider, String model, String content, String stopReason,
                              List<ContentBlock> contentBlocks, List<ToolCall> toolCalls,
                              List<List<Double>> embeddings, Usage usage,
                              Optional<String> providerRequestId, Optional<JsonNode> rawResponse,
                              List<String> warnings, Optional<RawBody> rawBody) {

    /** Validates the components and makes the lists immutable. */
    public GatewayResponse {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        content = content == null ? "" : content;
        stopReason = stopReason == null ? "stop" : stopReason;
        contentBlocks = List.copyOf(contentBlocks);
        toolCalls = List.copyOf(toolCalls);
        embeddings = embeddings.stream().map(List::copyOf).toList();
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(providerRequestId, "providerRequestId");
        Objects.requireNonNull(rawResponse, "rawResponse");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(rawBody, "rawBody");
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        return new Builder()
                .provider(provider).model(model).content(content).stopReason(stopReason)
                .contentBlocks(contentBlocks).toolCalls(toolCalls).embeddings(embeddings).usage(usage)
                .providerRequestId(providerRequestId).rawResponse(rawResponse).warnings(warnings)
                .rawBody(rawBody);
    }

    /** Builds {@link GatewayResponse}s; every setter returns the builder. */
    public static final class Builder {
        private String provider = "";
        private String model = "";
        private String content = "";
        private String stopReason = "stop";
        private List<ContentBlock> contentBlocks = new ArrayList<>();
        private List<ToolCall> toolCalls = new ArrayList<>();
        private List<List<Double>> embeddings = new ArrayList<>();
        private Usage usage = Usage.none();
        private Optional<String> providerRequestId = Optional.empty();
        private Optional<JsonNode> rawResponse = Optional.empty();
        private List<String> warnings = new ArrayList<>();
        private Optional<RawBody> rawBody = Optional.empty();

        private Builder() {
        }

        /** Sets {@link GatewayResponse#provider()}. */
        public Builder provider(String value) { provider = value; return this; }
        /** Sets {@link GatewayResponse#model()}. */
        public Builder model(String value) { model = value; return this; }
        /** Sets {@link GatewayResponse#content()}. */
        public Builder content(String value) { content = value; return this; }
        /** Sets {@link GatewayResponse#stopReason()}. */
        public Builder stopReason(String value) { stopReason = value; return this; }
        /** Sets {@link GatewayResponse#contentBlocks()}. */
        public Builder contentBlocks(List<ContentBlock> value) { contentBlocks = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayResponse#toolCalls()}. */
        public Builder toolCalls(List<ToolCall> value) { toolCalls = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayResponse#embeddings()}. */
        public Builder embeddings(List<List<Double>> value) { embeddings = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayResponse#usage()}. */
        public Builder usage(Usage value) { usage = value; return this; }
        /** Sets {@link GatewayResponse#providerRequestId()}. */
        public Builder providerRequestId(Optional<String> value) { providerRequestId = value; return this; }
        /** Sets {@link GatewayResponse#rawResponse()}. */
        public Builder rawResponse(Optional<JsonNode> value) { rawResponse = value; return this; }

        /** Sets {@link GatewayResponse#warnings()}. */
        public Builder warnings(List<String> value) { warnings = new ArrayList<>(value); return this; }

        /** Sets {@link GatewayResponse#rawBody()}. */
        public Builder rawBody(Optional<RawBody> value) { rawBody = value; return this; }

        /** Builds the response. */
        public GatewayResponse build() {
            return new GatewayResponse(provider, model, content, stopReason, contentBlocks, toolCalls, embeddings, usage,
                    providerRequestId, rawResponse, warnings, rawBody);
        }
    }
}
