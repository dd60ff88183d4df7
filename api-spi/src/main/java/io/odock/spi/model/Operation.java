package io.odock.spi.model;

/**
 * What kind of call a request is. Adapters look at it to choose the upstream endpoint; translators to choose the
 * wire shape. New constants are added as the gateway learns new routes, so a {@code switch} over it needs a default.
 */
public enum Operation {
    /** A chat or messages completion, streaming or not. */
    CHAT,
    /**
     * Embedding vectors for {@link GatewayRequest#inputs()}; never streamed. Answers carry the vectors in
     * {@link GatewayResponse#embeddings()} (or, in passthrough, in the raw response).
     */
    EMBEDDINGS,
    /**
     * A response in the style of OpenAI's Responses API: the same conversation and answer as {@link #CHAT} (instructions
     * become a system message, input items become messages), streamed as named events.
     */
    RESPONSES,
    /**
     * Images generated from a prompt (the prompt is the user message). Answers come back in the provider's own shape
     * ({@link GatewayResponse#rawResponse()}); a provider that cannot make images refuses with 400.
     */
    IMAGE_GENERATION,
    /** An uploaded image ({@link GatewayRequest#files()}) edited as the prompt says; like {@link #IMAGE_GENERATION}. */
    IMAGE_EDIT,
    /** Variations of an uploaded image ({@link GatewayRequest#files()}); like {@link #IMAGE_GENERATION}. */
    IMAGE_VARIATION,
    /**
     * A legacy text completion ({@code prompt} in, {@code choices[].text} out), streaming or not; the prompt is the
     * user message.
     */
    COMPLETIONS,
    /**
     * Audio ({@link GatewayRequest#files()}) transcribed in its own language. Answers may be JSON or, as the client
     * asked, text ({@link GatewayResponse#rawBody()}); streaming where the provider streams transcripts.
     */
    AUDIO_TRANSCRIPTION,
    /** Audio translated into English text; like {@link #AUDIO_TRANSCRIPTION}. */
    AUDIO_TRANSLATION,
    /**
     * A provider-specific call addressed to a model and answered in the provider's own JSON (vLLM's pooling,
     * classification, scoring, reranking, tokenizing): only a provider of the client's dialect serves it, and the
     * answer goes back as it came ({@link GatewayResponse#rawResponse()}). {@link GatewayRequest#inputs()} holds the
     * texts it carries, for inspection.
     */
    POOLING,
    /** Like {@link #POOLING}: class probabilities for each input. */
    CLASSIFICATION,
    /** Like {@link #POOLING}: similarity scores between text pairs. */
    SCORE,
    /** Like {@link #POOLING}: documents ordered by relevance to a query. */
    RERANK,
    /** Like {@link #POOLING}: a prompt turned into the model's token ids. */
    TOKENIZE,
    /** Like {@link #POOLING}: token ids turned back into text. */
    DETOKENIZE
}
