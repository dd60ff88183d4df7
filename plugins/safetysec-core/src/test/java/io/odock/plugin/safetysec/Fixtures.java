package io.odock.plugin.safetysec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.spi.model.ChatMessage;
import io.odock.spi.model.GatewayRequest;
import io.odock.spi.model.GatewayResponse;
import io.odock.spi.model.RequestInfo;
import io.odock.spi.plugin.PluginConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders shared by the tests. */
final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A config section from JSON written with single quotes. */
    static PluginConfig config(String json) {
        try {
            return PluginConfig.of((ObjectNode) JSON.readTree(json.replace('\'', '"')));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static SafetySecFilter filter(String json) {
        return SafetySecFilterFactory.create(config(json), Clock.systemUTC());
    }

    static SafetySecFilter defaultFilter() {
        return SafetySecFilterFactory.create(PluginConfig.empty(), Clock.systemUTC());
    }

    static GatewayRequest chat(String text) {
        return chat("demo", text);
    }

    static GatewayRequest chat(String model, String text) {
        return GatewayRequest.builder().model(model).addMessage(ChatMessage.of("user", text)).build();
    }

    static GatewayResponse answer(String text) {
        return GatewayResponse.builder().provider("echo").model("demo").content(text).build();
    }

    static RequestInfo info() {
        return info("key_1", Optional.empty(), Optional.empty());
    }

    static RequestInfo info(String keyId, Optional<String> organization, Optional<String> team) {
        return new RequestInfo("req-1", keyId, "name-" + keyId, "/v1/chat/completions", "openai", "127.0.0.1",
                organization, team, Optional.empty(), Map.of());
    }

    /** The ids of the rules the default request detectors find in the text, one per finding. */
    static List<String> requestRules(String text) {
        List<Match> found = new ArrayList<>();
        defaultBook().scanRequest(text, found);
        return found.stream().map(m -> m.rule().id()).toList();
    }

    /** The texts the default request detectors report for this rule. */
    static List<String> foundBy(String ruleId, String text) {
        List<Match> found = new ArrayList<>();
        defaultBook().scanRequest(text, found);
        return found.stream().filter(m -> m.rule().id().equals(ruleId)).map(Match::found).distinct().toList();
    }

    private static RuleBook defaultBook() {
        return SettingsReader.read(PluginConfig.empty()).ruleBook();
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
