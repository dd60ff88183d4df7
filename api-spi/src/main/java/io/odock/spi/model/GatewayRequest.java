package io.odock.spi.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's call in the gateway's own terms, whatever wire format it arrived in.
 *
 * <p>A dialect translator builds it from the client's body; the host then fills {@link #upstream()} with the
 * deployment it routed to and hands it to a provider adapter. Build one with {@link #builder()} and change one with
 * {@link #toBuilder()}; the canonical constructor is not part of the stable contract (components may be added).
 *
 * <p><b>Passthrough.</b> When {@link #passthrough()} is true the client spoke the upstream provider's own wire format,
 * and the adapter should send {@link #rawPayload()} with only what the gateway must change (the model name, usage
 * reporting), and stream the provider's events back as {@link io.odock.spi.stream.StreamEvent.Raw} without parsing each
 * one. Otherwise it builds its payload from the normalized fields and streams normalized events.
 *
 * @param operation        the kind of call
 * @param dialect          the client's wire format ({@code openai}, {@code anthropic}, ...)
 * @param provider         a provider type the client asked for in the body, if any
 * @param model            the model name the client sent (the operator's alias)
 * @param messages         the conversation (chat)
 * @param inputs           the texts to embed (embeddings)
 * @param dimensions       how many dimensions the embeddings should have, when the client chose (embeddings)
 * @param temperature      sampling temperature
 * @param maxTokens        the most tokens to generate
 * @param topP             nucleus sampling
 * @param topK             top-k sampling
 * @param stopSequences    stop sequences
 * @param presencePenalty  presence penalty
 * @param frequencyPenalty frequency penalty
 * @param seed             sampling seed
 * @param metadata         caller-supplied metadata
 * @param responseFormat   the requested response format in OpenAI's {@code response_format} shape
 *                         ({@code {"type":"json_object"}} or {@code {"type":"json_schema","json_schema":{...}}});
 *                         translators of other dialects convert to it
 * @param tools            tools the model may call
 * @param toolChoice       how the model should choose tools, in OpenAI's vocabulary: {@code "auto"},
 *                         {@code "none"}, {@code "required"} or {@code {"type":"function","function":{"name":...}}};
 *                         translators of other dialects convert to it
 * @param stream           whether the client wants a stream
 * @param includeUsage     whether the client wants usage in the stream (usage is always requested upstream anyway)
 * @param rawPayload       the client's body as it arrived (an empty object when there was none); for a multipart
 *                         request, its text fields
 * @param files            the files of a multipart request, in the order they came
 * @param timeout          the longest the caller wants to wait; the host cuts the deployment's timeouts to it, never
 *                         lengthens them
 * @param upstream         the deployment to call, set by the host after routing
 * @param passthrough      whether the adapter may forward {@code rawPayload} and raw stream events
 * @param providerHeaders  headers of the client's call that its translator keeps for an upstream of the provider type
 *                         named like the dialect ({@code anthropic-version}, {@code anthropic-beta}), lower-case names;
 *                         adapters of other types ignore them
 * @param replyOptions     what the translator noted about how the client wants its answer (Gemini's {@code alt=sse});
 *                         read only by that translator's encoders, opaque to the host and to adapters
 * @param unmappedFields   top-level fields of the client's body that no normalized field carries (OpenAI's
 *                         {@code logprobs}, Anthropic's {@code thinking}, ...): an adapter of the dialect's own provider
 *                         type forwards them with the raw payload; any other adapter cannot, and reports each one as
 *                         dropped in its warnings
 * @param choices          how many alternative answers the client asked for (OpenAI's {@code n}); an adapter whose
 *                         provider gives one refuses more with 400 naming {@code n}, since one answer is not what
 *                         was asked
 */
public record GatewayRequest(
        Operation operation,
        String dialect,
        Optional<String> provider,
        String model,
        List<ChatMessage> messages,
        List<String> inputs,
        Optional<Integer> dimensions,
        Optional<Double> temperature,
        Optional<Integer> maxTokens,
        Optional<Double> topP,
        Optional<Integer> topK,
        List<String> stopSequences,
        Optional<Double> presencePenalty,
        Optional<Double> frequencyPenalty,
        Optional<Long> seed,
        Map<String, String> metadata,
        Optional<JsonNode> responseFormat,
        List<ToolDefinition> tools,
        Optional<JsonNode> toolChoice,
        boolean stream,
        boolean includeUsage,
        ObjectNode rawPayload,
        List<FilePart> files,
        Optional<java.time.Duration> timeout,
        Optional<UpstreamTarget> upstream,
        boolean passthrough,
        Map<String, String> providerHeaders,
        Map<String, String> replyOptions,
        List<String> unmappedFields,
        int choices) {

    /** Validates the components and makes collections immutable. */
    public GatewayRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(topP, "topP");
        Objects.requireNonNull(topK, "topK");
        stopSequences = List.copyOf(stopSequences);
        Objects.requireNonNull(presencePenalty, "presencePenalty");
        Objects.requireNonNull(frequencyPenalty, "frequencyPenalty");
        Objects.requireNonNull(seed, "seed");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(responseFormat, "responseFormat");
        tools = List.copyOf(tools);
        Objects.requireNonNull(toolChoice, "toolChoice");
        Objects.requireNonNull(rawPayload, "rawPayload");
        files = List.copyOf(files);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(upstream, "upstream");
        providerHeaders = Map.copyOf(providerHeaders);
        replyOptions = Map.copyOf(replyOptions);
        unmappedFields = List.copyOf(unmappedFields);
        if (choices < 1) {
            throw new IllegalArgumentException("choices must be at least 1");
        }
    }

    /** A builder for a chat request in the given dialect. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The upstream target, which the host always sets before calling an adapter. */
    public UpstreamTarget requireUpstream() {
        return upstream.orElseThrow(() -> new IllegalStateException("the request has not been routed"));
    }

    /** Builds {@link GatewayRequest}s; every setter returns the builder. */
    public static final class Builder {
        private Operation operation = Operation.CHAT;
        private String dialect = "odock";
        private Optional<String> provider = Optional.empty();
        private String model = "";
        private List<ChatMessage> messages = new ArrayList<>();
        private List<String> inputs = new ArrayList<>();
        private Optional<Integer> dimensions = Optional.empty();
        private Optional<Double> temperature = Optional.empty();
        private Optional<Integer> maxTokens = Optional.empty();
        private Optional<Double> topP = Optional.empty();
        private Optional<Integer> topK = Optional.empty();
        private List<String> stopSequences = new ArrayList<>();
        private Optional<Double> presencePenalty = Optional.empty();
        private Optional<Double> frequencyPenalty = Optional.empty();
        private Optional<Long> seed = Optional.empty();
        private Map<String, String> metadata = new LinkedHashMap<>();
        private Optional<JsonNode> responseFormat = Optional.empty();
        private List<ToolDefinition> tools = new ArrayList<>();
        private Optional<JsonNode> toolChoice = Optional.empty();
        private boolean stream;
        private boolean includeUsage;
        private ObjectNode rawPayload = JsonNodeFactory.instance.objectNode();
        private List<FilePart> files = new ArrayList<>();
        private Optional<java.time.Duration> timeout = Optional.empty();
        private Optional<UpstreamTarget> upstream = Optional.empty();
        private boolean passthrough;
        private Map<String, String> providerHeaders = new LinkedHashMap<>();
        private Map<String, String> replyOptions = new LinkedHashMap<>();
        private List<String> unmappedFields = new ArrayList<>();
        private int choices = 1;

        private Builder() {
        }

        private Builder(GatewayRequest r) {
            operation = r.operation;
            dialect = r.dialect;
            provider = r.provider;
            model = r.model;
            messages = new ArrayList<>(r.messages);
            inputs = new ArrayList<>(r.inputs);
            dimensions = r.dimensions;
            temperature = r.temperature;
            maxTokens = r.maxTokens;
            topP = r.topP;
            topK = r.topK;
            stopSequences = new ArrayList<>(r.stopSequences);
            presencePenalty = r.presencePenalty;
            frequencyPenalty = r.frequencyPenalty;
            seed = r.seed;
            metadata = new LinkedHashMap<>(r.metadata);
            responseFormat = r.responseFormat;
            tools = new ArrayList<>(r.tools);
            toolChoice = r.toolChoice;
            stream = r.stream;
            includeUsage = r.includeUsage;
            rawPayload = r.rawPayload;
            files = new ArrayList<>(r.files);
            timeout = r.timeout;
            upstream = r.upstream;
            passthrough = r.passthrough;
            providerHeaders = new LinkedHashMap<>(r.providerHeaders);
            replyOptions = new LinkedHashMap<>(r.replyOptions);
            unmappedFields = new ArrayList<>(r.unmappedFields);
            choices = r.choices;
        }

        /** Sets {@link GatewayRequest#operation()}. */
        public Builder operation(Operation value) { operation = value; return this; }
        /** Sets {@link GatewayRequest#dialect()}. */
        public Builder dialect(String value) { dialect = value; return this; }
        /** Sets {@link GatewayRequest#provider()}. */
        public Builder provider(Optional<String> value) { provider = value; return this; }
        /** Sets {@link GatewayRequest#model()}. */
        public Builder model(String value) { model = value; return this; }
        /** Sets {@link GatewayRequest#messages()}. */
        public Builder messages(List<ChatMessage> value) { messages = new ArrayList<>(value); return this; }
        /** Adds one message. */
        public Builder addMessage(ChatMessage value) { messages.add(value); return this; }
        /** Sets {@link GatewayRequest#inputs()}. */
        public Builder inputs(List<String> value) { inputs = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayRequest#dimensions()}. */
        public Builder dimensions(Optional<Integer> value) { dimensions = value; return this; }
        /** Sets {@link GatewayRequest#temperature()}. */
        public Builder temperature(Optional<Double> value) { temperature = value; return this; }
        /** Sets {@link GatewayRequest#maxTokens()}. */
        public Builder maxTokens(Optional<Integer> value) { maxTokens = value; return this; }
        /** Sets {@link GatewayRequest#topP()}. */
        public Builder topP(Optional<Double> value) { topP = value; return this; }
        /** Sets {@link GatewayRequest#topK()}. */
        public Builder topK(Optional<Integer> value) { topK = value; return this; }
        /** Sets {@link GatewayRequest#stopSequences()}. */
        public Builder stopSequences(List<String> value) { stopSequences = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayRequest#presencePenalty()}. */
        public Builder presencePenalty(Optional<Double> value) { presencePenalty = value; return this; }
        /** Sets {@link GatewayRequest#frequencyPenalty()}. */
        public Builder frequencyPenalty(Optional<Double> value) { frequencyPenalty = value; return this; }
        /** Sets {@link GatewayRequest#seed()}. */
        public Builder seed(Optional<Long> value) { seed = value; return this; }
        /** Sets {@link GatewayRequest#metadata()}. */
        public Builder metadata(Map<String, String> value) { metadata = new LinkedHashMap<>(value); return this; }
        /** Sets {@link GatewayRequest#responseFormat()}. */
        public Builder responseFormat(Optional<JsonNode> value) { responseFormat = value; return this; }
        /** Sets {@link GatewayRequest#tools()}. */
        public Builder tools(List<ToolDefinition> value) { tools = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayRequest#toolChoice()}. */
        public Builder toolChoice(Optional<JsonNode> value) { toolChoice = value; return this; }
        /** Sets {@link GatewayRequest#stream()}. */
        public Builder stream(boolean value) { stream = value; return this; }
        /** Sets {@link GatewayRequest#includeUsage()}. */
        public Builder includeUsage(boolean value) { includeUsage = value; return this; }
        /** Sets {@link GatewayRequest#rawPayload()}. */
        public Builder rawPayload(ObjectNode value) { rawPayload = value; return this; }
        /** Sets {@link GatewayRequest#files()}. */
        public Builder files(List<FilePart> value) { files = new ArrayList<>(value); return this; }
        /** Sets {@link GatewayRequest#timeout()}. */
        public Builder timeout(Optional<java.time.Duration> value) { timeout = value; return this; }
        /** Sets {@link GatewayRequest#upstream()}. */
        public Builder upstream(UpstreamTarget value) { upstream = Optional.of(value); return this; }
        /** Sets {@link GatewayRequest#passthrough()}. */
        public Builder passthrough(boolean value) { passthrough = value; return this; }

        /** Sets {@link GatewayRequest#providerHeaders()}. */
        public Builder providerHeaders(Map<String, String> value) {
            providerHeaders = new LinkedHashMap<>(value);
            return this;
        }
        /** Sets {@link GatewayRequest#replyOptions()}. */
        public Builder replyOptions(Map<String, String> value) { replyOptions = new LinkedHashMap<>(value); return this; }

        /** Sets {@link GatewayRequest#unmappedFields()}. */
        public Builder unmappedFields(List<String> value) { unmappedFields = new ArrayList<>(value); return this; }

        /** Sets {@link GatewayRequest#choices()}. */
        public Builder choices(int value) { choices = value; return this; }

        /** Builds the request. */
        public GatewayRequest build() {
            return new GatewayRequest(operation, dialect, provider, model, messages, inputs, dimensions, temperature,
                    maxTokens, topP,
                    topK, stopSequences, presencePenalty, frequencyPenalty, seed, metadata, responseFormat, tools,
                    toolChoice, stream, includeUsage, rawPayload, files, timeout, upstream, passthrough, providerHeaders,
                    replyOptions, unmappedFields, choices);
        }
    }
}
