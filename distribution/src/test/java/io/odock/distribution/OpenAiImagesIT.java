package io.odock.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.models.images.ImageCreateVariationParams;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import io.odock.core.usage.UsageRecord;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI's images API through the gateway: generations (JSON, streaming too), edits and variations (multipart). */
class OpenAiImagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeOpenAiUpstream upstream;
    private static GatewayHarness gateway;
    private static HttpClient http;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeOpenAiUpstream();
        gateway = GatewayHarness.start("""
                server: { maxBodyBytes: 16777216 }
                providers:
                  - { id: openai, type: openai, baseUrl: "%s", apiKey: "sk-images-test" }
                  - { id: local, type: echo, baseUrl: "http://localhost/echo" }
                models:
                  - { name: painter, deployments: [ { provider: openai, model: gpt-image-1 } ] }
                  - { name: demo, deployments: [ { provider: local, model: echo-1 } ] }
                """.formatted(upstream.baseUrl()), Map.of());
        key = gateway.createKey("images", List.of());
        http = gateway.http;
    }

    @AfterAll
    static void stop() throws Exception {
        GatewayHarness.closeAll(gateway, upstream);
    }

    @BeforeEach
    void clear() {
        upstream.clear();
    }

    private static OpenAIClient sdk() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void generatesThroughTheSdk() {
        ImagesResponse images = sdk().images().generate(ImageGenerateParams.builder().model("painter")
                .prompt("a red fox in the snow").n(2).build());

        assertThat(images.data().orElseThrow()).hasSize(2).allSatisfy(image -> assertThat(image.b64Json()).isPresent());
        JsonNode sent = upstream.last().body();
        assertThat(upstream.last().path()).isEqualTo("/v1/images/generations");
        assertThat(sent.path("model").asText()).isEqualTo("gpt-image-1");
        assertThat(sent.path("prompt").asText()).isEqualTo("a red fox in the snow");
        assertThat(upstream.last().header("Authorization")).isEqualTo("Bearer sk-images-test");
    }

    @Test
    void editsForwardTheFilesAsMultipart() throws Exception {
        byte[] image = new byte[300_000];
        new Random(7).nextBytes(image);
        byte[] mask = "mask-bytes".getBytes();

        ImagesResponse edited = sdk().images().edit(ImageEditParams.builder().model("painter").prompt("add a hat")
                .image(image).mask(mask).build());

        assertThat(edited.data().orElseThrow()).hasSize(1);
        JsonNode fields = upstream.last().body();
        assertThat(upstream.last().path()).isEqualTo("/v1/images/edits");
        assertThat(fields.path("model").asText()).isEqualTo("gpt-image-1");
        assertThat(fields.path("prompt").asText()).isEqualTo("add a hat");
        assertThat(upstream.files).extracting(FakeOpenAiUpstream.ReceivedFile::field).containsExactly("image", "mask");
        assertThat(upstream.files.get(0).sha256()).isEqualTo(sha256(image));
        assertThat(upstream.files.get(1).sha256()).isEqualTo(sha256(mask));
    }

    @Test
    void variationsForwardTheImage() throws Exception {
        byte[] image = new byte[4096];
        new Random(9).nextBytes(image);

        ImagesResponse variations = sdk().images().createVariation(ImageCreateVariationParams.builder()
                .model("painter").image(image).n(3).build());

        assertThat(variations.data().orElseThrow()).hasSize(3);
        assertThat(upstream.last().path()).isEqualTo("/v1/images/variations");
        assertThat(upstream.last().body().path("n").asText()).isEqualTo("3");
        assertThat(upstream.files).singleElement().satisfies(f -> assertThat(f.sha256()).isEqualTo(sha256(image)));
    }

    @Test
    void aLargeUploadArrivesIntactAndUsageIsRecorded() throws Exception {
        byte[] image = new byte[6 * 1024 * 1024];
        new Random(11).nextBytes(image);
        MultiPartRequestContent form = new MultiPartRequestContent();
        form.addPart(new MultiPart.ContentSourcePart("model", null, HttpFields.EMPTY, new StringRequestContent("painter")));
        form.addPart(new MultiPart.ContentSourcePart("prompt", null, HttpFields.EMPTY, new StringRequestContent("big")));
        form.addPart(new MultiPart.ContentSourcePart("image[]", "big.png",
                HttpFields.build().put(HttpHeader.CONTENT_TYPE, "image/png"), new BytesRequestContent(image)));
        form.close();

        ContentResponse response = http.POST(gateway.baseUrl() + "/v1/images/edits")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key).put("x-request-id", "image-usage-1"))
                .body(form).timeout(60, TimeUnit.SECONDS).send();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        assertThat(upstream.files).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("image[]");
            assertThat(f.filename()).isEqualTo("big.png");
            assertThat(f.contentType()).isEqualTo("image/png");
            assertThat(f.size()).isEqualTo(image.length);
        });
        assertThat(upstream.files.getFirst().sha256()).isEqualTo(sha256(image));

        gateway.server.usage().flush();
        String keyId = gateway.server.keys().list().getFirst().id();
        UsageRecord record = gateway.server.usage().findByKey(keyId, 100).stream()
                .filter(r -> r.requestId().equals("image-usage-1")).findFirst().orElseThrow();
        assertThat(record.route()).isEqualTo("/v1/images/edits");
        assertThat(record.outputTokens()).isEqualTo(272);
    }

    @Test
    void aStreamedGenerationIsRelayedEventByEvent() throws Exception {
        ContentResponse response = http.POST(gateway.baseUrl() + "/v1/images/generations")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json",
                        "{\"model\":\"painter\",\"prompt\":\"fox\",\"stream\":true,\"partial_images\":1}"))
                .timeout(30, TimeUnit.SECONDS).send();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("event: image_generation.partial_image\n")
                .contains("event: image_generation.completed\n");
    }

    @Test
    void mistakesAndUnsupportedProvidersAreClearErrors() throws Exception {
        assertThatThrownBy(() -> sdk().images().generate(ImageGenerateParams.builder().model("demo")
                .prompt("a fox").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("does not make images"));
        for (String body : List.of("{\"model\":\"painter\"}", "{\"prompt\":\"x\"}",
                "{\"model\":\"painter\",\"prompt\":\"x\",\"n\":20}",
                "{\"model\":\"painter\",\"prompt\":\"x\",\"response_format\":\"gif\"}")) {
            ContentResponse response = http.POST(gateway.baseUrl() + "/v1/images/generations")
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                    .body(new StringRequestContent("application/json", body)).send();
            assertThat(response.getStatus()).as(body).isEqualTo(400);
        }
        MultiPartRequestContent noImage = new MultiPartRequestContent();
        noImage.addPart(new MultiPart.ContentSourcePart("model", null, HttpFields.EMPTY, new StringRequestContent("painter")));
        noImage.addPart(new MultiPart.ContentSourcePart("prompt", null, HttpFields.EMPTY, new StringRequestContent("x")));
        noImage.close();
        ContentResponse missing = http.POST(gateway.baseUrl() + "/v1/images/edits")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key)).body(noImage).send();
        assertThat(missing.getStatus()).isEqualTo(400);
        assertThat(JSON.readTree(missing.getContentAsString()).path("error").path("param").asText()).isEqualTo("image");
        ContentResponse notMultipart = http.POST(gateway.baseUrl() + "/v1/images/edits")
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Bearer " + key))
                .body(new StringRequestContent("application/json", "{}")).send();
        assertThat(notMultipart.getStatus()).isEqualTo(415);
    }
}
