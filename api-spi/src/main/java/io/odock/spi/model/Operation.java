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
    IMAGE_VARIATION
}
