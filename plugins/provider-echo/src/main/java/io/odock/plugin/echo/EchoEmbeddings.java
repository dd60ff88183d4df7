package io.odock.plugin.echo;

import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.Usage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The echo model's embeddings: a unit vector drawn from a generator seeded by the text, so the same text always gets
 * the same vector (what clients and tests rely on), with the requested number of dimensions (default 16).
 */
final class EchoEmbeddings {
    static final int DEFAULT_DIMENSIONS = 16;

    private EchoEmbeddings() {
    }

    static GatewayResponse embed(GatewayRequest request, String requestId) {
        int dimensions = request.dimensions().orElse(DEFAULT_DIMENSIONS);
        List<List<Double>> vectors = new ArrayList<>();
        long tokens = 0;
        for (String text : request.inputs()) {
            vectors.add(vector(text, dimensions));
            tokens += Math.max(1, TokenEstimator.count(text));
        }
        return GatewayResponse.builder()
                .provider(EchoProviderAdapterFactory.TYPE)
                .model(request.requireUpstream().model())
                .embeddings(vectors)
                .usage(Usage.of(tokens, 0))
                .providerRequestId(java.util.Optional.of(requestId))
                .build();
    }

    static List<Double> vector(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(text.getBytes(StandardCharsets.UTF_8)));
        double[] values = new double[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            values[i] = random.nextDouble(-1, 1);
            norm += values[i] * values[i];
        }
        double length = Math.sqrt(norm);
        List<Double> vector = new ArrayList<>(dimensions);
        for (double value : values) {
            vector.add(value / length);
        }
        return vector;
    }
}
