package io.odock.plugin.echo;

import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.Usage;

import java.util.List;

/**
 * What the echo model answers to a request: the prefix and the last user message, cut at the first stop sequence
 * ({@code stop}) or at {@code maxTokens} ({@code length}), and the usage a model would report for it.
 *
 * @param tokens     the answer's tokens
 * @param stopReason {@code stop} or {@code length}
 * @param usage      input and output tokens
 */
record EchoAnswer(List<String> tokens, String stopReason, Usage usage) {

    static EchoAnswer to(GatewayRequest request, String prefix) {
        String lastUser = "";
        long input = 0;
        for (ChatMessage message : request.messages()) {
            input += Math.max(1, TokenEstimator.count(message.content())) + 3;
            if (message.role().equals("user")) {
                lastUser = message.content();
            }
        }
        String text = prefix + lastUser;
        String stopReason = "stop";
        for (String stop : request.stopSequences()) {
            int at = text.indexOf(stop);
            if (!stop.isEmpty() && at >= 0) {
                text = text.substring(0, at);
            }
        }
        List<String> tokens = TokenEstimator.tokens(text);
        if (request.maxTokens().isPresent() && tokens.size() > request.maxTokens().get()) {
            tokens = tokens.subList(0, request.maxTokens().get());
            stopReason = "length";
        }
        return new EchoAnswer(List.copyOf(tokens), stopReason, Usage.of(input, tokens.size()));
    }

    String text() {
        return String.join("", tokens);
    }
}
