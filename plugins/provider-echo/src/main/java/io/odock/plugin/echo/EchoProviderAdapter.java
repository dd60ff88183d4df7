package io.odock.plugin.echo;

import io.odock.spi.GatewayException;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Operation;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.provider.ProviderAdapter;
import io.odock.spi.stream.EventStream;
import io.odock.spi.stream.StreamEvent;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.UUID;

/** Answers locally; see {@link EchoProviderAdapterFactory}. */
final class EchoProviderAdapter implements ProviderAdapter {
    private final String prefix;
    private final Duration streamDelay;

    EchoProviderAdapter(String prefix, Duration streamDelay) {
        this.prefix = prefix;
        this.streamDelay = streamDelay;
    }

    @Override
    public GatewayResponse complete(GatewayRequest request) {
        refuseWhatItCannotMake(request);
        if (request.operation() == Operation.EMBEDDINGS) {
            return EchoEmbeddings.embed(request, requestId());
        }
        EchoAnswer answer = EchoAnswer.to(request, prefix);
        return GatewayResponse.builder()
                .provider(EchoProviderAdapterFactory.TYPE)
                .model(request.requireUpstream().model())
                .content(answer.text())
                .stopReason(answer.stopReason())
                .usage(answer.usage())
                .providerRequestId(Optional.of(requestId()))
                .build();
    }

    @Override
    public EventStream stream(GatewayRequest request) {
        refuseWhatItCannotMake(request);
        if (request.operation() == Operation.EMBEDDINGS) {
            throw GatewayException.invalidRequest(request.operation() + " calls cannot be streamed");
        }
        EchoAnswer answer = EchoAnswer.to(request, prefix);
        ArrayDeque<StreamEvent> events = new ArrayDeque<>();
        answer.tokens().forEach(token -> events.add(new StreamEvent.TextDelta(0, token)));
        events.add(new StreamEvent.Finished(0, answer.stopReason()));
        events.add(new StreamEvent.UsageReported(answer.usage()));
        String id = requestId();
        return new EventStream() {
            @Override
            public Optional<StreamEvent> next() throws InterruptedIOException {
                StreamEvent event = events.pollFirst();
                if (event instanceof StreamEvent.TextDelta && !streamDelay.isZero()) {
                    try {
                        Thread.sleep(streamDelay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("the echo stream was interrupted");
                    }
                }
                return Optional.ofNullable(event);
            }

            @Override
            public Optional<String> providerRequestId() {
                return Optional.of(id);
            }

            @Override
            public void close() {
                events.clear();
            }
        };
    }

    /** The echo model makes text and vectors, not pictures, transcripts or scores: say so rather than pretend. */
    private static void refuseWhatItCannotMake(GatewayRequest request) {
        switch (request.operation()) {
            case CHAT, RESPONSES, EMBEDDINGS, COMPLETIONS -> { }
            case IMAGE_GENERATION, IMAGE_EDIT, IMAGE_VARIATION -> throw GatewayException.invalidRequest(
                    "The model '" + request.model() + "' is served by the echo provider, which does not make images");
            default -> throw GatewayException.invalidRequest("The model '" + request.model()
                    + "' is served by the echo provider, which does not answer " + request.operation() + " calls");
        }
    }

    private static String requestId() {
        return "echo-" + UUID.randomUUID();
    }
}
