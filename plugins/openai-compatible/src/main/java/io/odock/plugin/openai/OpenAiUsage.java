package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.odock.spi.model.Usage;

/**
 * Reads OpenAI's usage objects: chat's ({@code prompt_tokens}, {@code completion_tokens}) and the newer APIs'
 * (Responses, images: {@code input_tokens}, {@code output_tokens}).
 */
final class OpenAiUsage {
    private OpenAiUsage() {
    }

    static Usage read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        // OpenAI caches automatically and counts cache hits inside prompt_tokens; it reports no cache writes.
        long cached = Math.min(input, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        long output = Math.max(0, usage.path("completion_tokens").asLong(0));
        return Usage.of(input, output, cached, 0, usage).withReasoningTokens(reasoning(
                usage.path("completion_tokens_details"), output));
    }

    private static long reasoning(JsonNode details, long output) {
        return Math.min(output, Math.max(0, details.path("reasoning_tokens").asLong(0)));
    }

    static Usage readInputOutput(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        long output = Math.max(0, usage.path("output_tokens").asLong(0));
        long input = Math.max(0, usage.path("input_tokens").asLong(0));
        long cached = Math.min(input, Math.max(0, usage.path("input_tokens_details").path("cached_tokens").asLong(0)));
        return Usage.of(input, output, cached, 0, usage)
                .withReasoningTokens(reasoning(usage.path("output_tokens_details"), output));
    }

    /**
     * The usage of an answer read as it came (images, transcriptions, vLLM's extra APIs): its usage object, plus what
     * per-image and per-audio-second pricing needs: the images generated ({@code data} entries with {@code url} or
     * {@code b64_json}) and the seconds of audio transcribed (Whisper's {@code usage.seconds} or {@code duration}).
     */
    static Usage readAnswer(JsonNode answer) {
        JsonNode usage = answer.get("usage");
        boolean duration = usage != null && usage.path("type").asText().equals("duration");
        Usage read = duration ? Usage.none() : readAny(usage);
        long images = 0;
        for (JsonNode item : answer.path("data")) {
            if (item.isObject() && (item.has("b64_json") || item.has("url")) && !item.has("embedding")) {
                images++;
            }
        }
        double seconds = duration ? usage.path("seconds").asDouble(0) : answer.path("duration").asDouble(0);
        long audioSeconds = seconds > 0 ? (long) Math.ceil(seconds) : 0;
        return images == 0 && audioSeconds == 0 ? read : read.withMedia(images, audioSeconds);
    }

    /**
     * Whichever usage shape an answer carries: chat's, the newer APIs', or only a {@code total_tokens} (vLLM's rerank
     * counts the tokens it read that way), which are all input.
     */
    static Usage readAny(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.none();
        }
        if (usage.has("prompt_tokens")) {
            return read(usage);
        }
        if (usage.has("input_tokens")) {
            return readInputOutput(usage);
        }
        return Usage.of(Math.max(0, usage.path("total_tokens").asLong(0)), 0, usage);
    }
}
