package io.odock.plugin.openai;

import io.odock.spi.model.Operation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An upstream API that speaks OpenAI's wire format: the provider type it is, where each operation it offers lives,
 * and what it accepts beyond OpenAI. The OpenAI and vLLM plugins each describe theirs and share everything else.
 *
 * @param providerType the provider type ({@code openai}, {@code vllm})
 * @param paths        each offered operation's path, appended to the provider's base URL
 * @param fromRoot     whether the paths start at the server's root ({@code /v1/chat/completions}, {@code /tokenize}),
 *                     so that a base URL configured with a trailing {@code /v1} is cut back to the root
 * @param acceptsTopK  whether {@code top_k} may be sent (vLLM samples with it; OpenAI refuses it)
 */
public record CompatibleApi(String providerType, Map<Operation, String> paths, boolean fromRoot,
                            boolean acceptsTopK) {

    /** Dialects whose request bodies are OpenAI-shaped, so their own JSON can be forwarded to such an upstream. */
    static final Set<String> OPENAI_SHAPED_DIALECTS = Set.of("openai", "odock", "vllm");

    /** OpenAI's API, under a base URL such as {@code https://api.openai.com/v1}. */
    public static final CompatibleApi OPENAI = new CompatibleApi("openai", new EnumMap<>(Map.of(
            Operation.CHAT, "/chat/completions",
            Operation.RESPONSES, "/responses",
            Operation.EMBEDDINGS, "/embeddings",
            Operation.COMPLETIONS, "/completions",
            Operation.IMAGE_GENERATION, "/images/generations",
            Operation.IMAGE_EDIT, "/images/edits",
            Operation.IMAGE_VARIATION, "/images/variations",
            Operation.AUDIO_TRANSCRIPTION, "/audio/transcriptions",
            Operation.AUDIO_TRANSLATION, "/audio/translations")), false, false);

    /** Validates the components and makes the map immutable. */
    public CompatibleApi {
        paths = Map.copyOf(paths);
    }

    /** Where an operation lives, if this API offers it. */
    Optional<String> path(Operation operation) {
        return Optional.ofNullable(paths.get(operation));
    }

    /** The URL of an operation under a configured base URL. */
    String url(String baseUrl, String path) {
        String base = fromRoot && baseUrl.endsWith("/v1") ? baseUrl.substring(0, baseUrl.length() - 3) : baseUrl;
        return base + path;
    }

    /** Whether a request's body is already in this wire format. */
    static boolean isOpenAiShaped(String dialect) {
        return OPENAI_SHAPED_DIALECTS.contains(dialect);
    }
}
