package io.odock.plugin.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.Secret;
import io.odock.spi.dialect.InboundCall;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.ContentBlock;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.MediaSource;
import io.odock.spi.model.Operation;
import io.odock.spi.model.Usage;
import io.odock.spi.model.UpstreamTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests from other dialects rebuilt for OpenAI, media parts read from OpenAI's, and cache tokens both ways. */
class CrossDialectPayloadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatPayloads payloads = new ChatPayloads(JSON, CompatibleApi.OPENAI);

    private static GatewayRequest.Builder from(String dialect) {
        return GatewayRequest.builder().dialect(dialect).model("alias")
                .upstream(UpstreamTarget.of("openai", "http://127.0.0.1", Secret.of("k"), Duration.ofSeconds(5),
                        "gpt-4o"));
    }

    @Test
    void mediaFromAnotherDialectBecomesOpenAiParts() {
        JsonNode anthropicImage = JSON.createObjectNode().put("type", "image");
        GatewayRequest request = from("anthropic").messages(List.of(new ChatMessage("user", "see", List.of(
                ContentBlock.text("see"),
                ContentBlock.media("image", MediaSource.inline("image/png", "iVBOR"), anthropicImage),
                ContentBlock.media("document", MediaSource.inline("application/pdf", "JVBER"), anthropicImage),
                ContentBlock.of("thinking", Optional.empty(), JSON.createObjectNode().put("type", "thinking"))),
                List.of(), Optional.empty(), Optional.empty())))
                .topK(Optional.of(3)).temperature(Optional.of(0.5)).maxTokens(Optional.of(64))
                .stopSequences(List.of("END")).seed(Optional.of(7L))
                .unmappedFields(List.of("thinking"))
                .build();

        ObjectNode body = payloads.build(request);

        JsonNode parts = body.path("messages").get(0).path("content");
        assertThat(parts.size()).isEqualTo(3);
        assertThat(parts.get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBOR");
        assertThat(parts.get(2).path("file").path("file_data").asText())
                .isEqualTo("data:application/pdf;base64,JVBER");
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("seed").asLong()).isEqualTo(7);
        assertThat(payloads.warnings(request)).containsExactly("top_k is not supported by openai and was dropped",
                "thinking cannot be sent to openai and was dropped",
                "1 content part(s) openai cannot take (such as thinking blocks) were dropped");
    }

    @Test
    void openAiImagePartsCarryWhereTheirBytesAre() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklG"}},
                  {"type":"image_url","image_url":{"url":"https://x/cat.png?size=2"}},
                  {"type":"input_audio","input_audio":{"data":"AAA","format":"mp3"}}]}]}
                """);

        GatewayRequest request = new OpenAiDialectTranslator("openai", "openai", JSON).decode(new InboundCall(Operation.CHAT, body,
                Map.of()));

        List<ContentBlock> blocks = request.messages().getFirst().blocks();
        assertThat(blocks.get(0).media()).contains(MediaSource.inline("image/webp", "UklG"));
        assertThat(blocks.get(1).media()).contains(MediaSource.at("image/png", "https://x/cat.png?size=2"));
        assertThat(blocks.get(2).media()).contains(MediaSource.inline("audio/mpeg", "AAA"));
    }

    @Test
    void cachedPromptTokensAreReadAndWrittenInOpenAisShape() throws Exception {
        Usage usage = OpenAiUsage.read(JSON.readTree(
                "{\"prompt_tokens\":100,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":64}}"));
        assertThat(usage.inputTokens()).isEqualTo(100);
        assertThat(usage.cacheReadTokens()).isEqualTo(64);

        ObjectNode written = JSON.createObjectNode();
        ChatResponseWriter.writeUsage(written, Usage.of(250, 5, 200, 30, null));
        assertThat(written.path("prompt_tokens").asInt()).as("cache buckets are inside prompt_tokens").isEqualTo(250);
        assertThat(written.path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(200);
    }
}
