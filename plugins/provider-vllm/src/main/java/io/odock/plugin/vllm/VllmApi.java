package io.odock.plugin.vllm;

import io.odock.plugin.openai.CompatibleApi;
import io.odock.spi.model.Operation;

import java.util.Map;

/**
 * Where a vLLM server ({@code vllm serve}) offers each call. Paths start at the server's root because vLLM serves
 * some of them outside {@code /v1} ({@code /tokenize}, {@code /pooling}, ...); a base URL configured with a trailing
 * {@code /v1} works too. vLLM samples with {@code top_k}, so it is sent.
 */
final class VllmApi {
    static final CompatibleApi API = new CompatibleApi(VllmProviderAdapterFactory.TYPE, Map.ofEntries(
            Map.entry(Operation.CHAT, "/v1/chat/completions"),
            Map.entry(Operation.COMPLETIONS, "/v1/completions"),
            Map.entry(Operation.RESPONSES, "/v1/responses"),
            Map.entry(Operation.EMBEDDINGS, "/v1/embeddings"),
            Map.entry(Operation.AUDIO_TRANSCRIPTION, "/v1/audio/transcriptions"),
            Map.entry(Operation.AUDIO_TRANSLATION, "/v1/audio/translations"),
            Map.entry(Operation.POOLING, "/pooling"),
            Map.entry(Operation.CLASSIFICATION, "/classify"),
            Map.entry(Operation.SCORE, "/score"),
            Map.entry(Operation.RERANK, "/rerank"),
            Map.entry(Operation.TOKENIZE, "/tokenize"),
            Map.entry(Operation.DETOKENIZE, "/detokenize")), true, true);

    private VllmApi() {
    }
}
