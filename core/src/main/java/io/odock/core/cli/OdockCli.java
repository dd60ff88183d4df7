package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.odock.core.config.ConfigException;
import io.odock.core.config.ConfigLoader;
import io.odock.core.config.OdockHome;
import io.odock.core.server.GatewayMain;
import io.odock.core.server.OdockVersion;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/odock}'s Java side: {@code run}, {@code keys create|list|revoke}, {@code plugins}, {@code reload},
 * {@code version}.
 * Client commands talk to the running gateway's admin API. Exit codes: 0 ok, 1 failed, 2 usage error, 3 the gateway
 * is not running.
 */
public final class OdockCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USAGE = """
            Usage: odock [--config FILE] COMMAND

            Commands:
              run                                         run the gateway in the foreground
              start | stop | status                       run it in the background (bin/odock only)
              keys create --name NAME [--models m1,m2] [--byok] [--json]
                                                          create an API key; the key is printed once
              keys list [--json]                          list keys (never the keys themselves)
              keys revoke ID                              revoke a key from the next request on
              plugins [--json]                            loaded plugins, their versions, skipped ones
              reload                                      re-read the configuration file (providers, models,
                                                          routing, pricing); an invalid file changes nothing
              version                                     gateway and plugin SPI versions

            The configuration file is --config FILE, else ODOCK_CONF, else conf/odock.yaml.
            Client commands find the gateway through ODOCK_URL and ODOCK_ADMIN_TOKEN, else that file.
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    OdockCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs a command and exits with its code. */
    public static void main(String[] args) {
        int code = new OdockCli(System.getenv(), System.out, System.err).execute(args);
        System.exit(code);
    }

    int execute(String... args) {
        try {
            CliArguments arguments = CliArguments.parse(args);
            String config = arguments.option("config").orElse(null);
            if (arguments.has("help") || arguments.words().isEmpty() || arguments.word(0).equals("help")) {
                out.print(USAGE);
                return arguments.words().isEmpty() && !arguments.has("help") ? 2 : 0;
            }
            return switch (arguments.word(0)) {
                case "run" -> {
                    arguments.allowOnly(Set.of());
                    yield GatewayMain.run(config);
                }
                case "version" -> version();
                case "url" -> url(config);
                case "keys" -> keys(arguments, config);
                case "plugins" -> plugins(arguments, config);
                case "reload" -> reload(arguments, config);
                default -> throw new CliArguments.UsageException("unknown command '" + arguments.word(0) + "'");
            };
        } catch (CliArguments.UsageException e) {
            err.println("odock: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (AdminClient.CliFailure e) {
            err.println("odock: " + e.getMessage());
            return e.exitCode();
        } catch (ConfigException e) {
            err.println("odock: configuration error: " + e.getMessage());
            return 1;
        }
    }

    private int version() {
        out.println("Odock " + OdockVersion.current() + " (plugin SPI " + OdockVersion.spi() + ")");
        return 0;
    }

    /** The gateway's base URL from the configuration; used by bin/odock to wait for start-up. */
    private int url(String config) {
        String url = env.get("ODOCK_URL");
        if (url == null || url.isBlank()) {
            Path home = OdockHome.resolve(env);
            url = AdminEndpoint.baseUrl(new ConfigLoader(env, home)
                    .loadClientSettings(OdockHome.configFile(config, env, home))).toString();
        }
        out.println(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        return 0;
    }

    private int keys(CliArguments arguments, String config) {
        return switch (arguments.word(1)) {
            case "create" -> {
                arguments.allowOnly(Set.of("name", "models", "byok", "json"));
                String name = arguments.option("name")
                        .orElseThrow(() -> new CliArguments.UsageException("keys create needs --name NAME"));
                ObjectNode request = JSON.createObjectNode().put("name", name);
                request.put("allow_byok", arguments.has("byok"));
                ArrayNode models = request.putArray("models");
                arguments.option("models").ifPresent(list -> Arrays.stream(list.split(","))
                        .map(String::strip).filter(m -> !m.isEmpty()).forEach(models::add));
                JsonNode created = client(config).post("admin/v1/keys", request);
                if (arguments.has("json")) {
                    ObjectNode shown = JSON.createObjectNode();
                    shown.put("id", created.path("id").asText());
                    shown.put("name", created.path("name").asText());
                    shown.put("key", created.path("key").asText());
                    shown.set("models", created.path("models"));
                    out.println(shown);
                } else {
                    out.println("Created API key " + created.path("id").asText() + " (" + created.path("name").asText()
                            + ", models: " + models(created) + ")");
                    out.println();
                    out.println("    " + created.path("key").asText());
                    out.println();
                    out.println("Store it now: it is shown only this once.");
                }
                yield 0;
            }
            case "list" -> {
                arguments.allowOnly(Set.of("json"));
                JsonNode keys = client(config).get("admin/v1/keys").path("data");
                if (arguments.has("json")) {
                    out.println(keys);
                } else {
                    Table table = new Table("ID", "NAME", "PREFIX", "MODELS", "BYOK", "CREATED", "LAST USED", "STATE");
                    for (JsonNode key : keys) {
                        table.row(key.path("id").asText(), key.path("name").asText(), key.path("prefix").asText() + "…",
                                models(key), key.path("allow_byok").asBoolean() ? "yes" : "no",
                                key.path("created_at").asText(),
                                key.path("last_used_at").isNull() ? "never" : key.path("last_used_at").asText(),
                                key.path("state").asText());
                    }
                    out.print(table.render());
                }
                yield 0;
            }
            case "revoke" -> {
                arguments.allowOnly(Set.of());
                String id = arguments.word(2);
                if (id.isEmpty()) {
                    throw new CliArguments.UsageException("keys revoke needs the key's ID (see 'odock keys list')");
                }
                JsonNode revoked = client(config).post("admin/v1/keys/" + id + "/revoke", JSON.createObjectNode());
                out.println("Revoked API key " + revoked.path("id").asText() + " (" + revoked.path("name").asText()
                        + ")");
                yield 0;
            }
            default -> throw new CliArguments.UsageException("keys needs create, list or revoke");
        };
    }

    private int reload(CliArguments arguments, String config) {
        arguments.allowOnly(Set.of());
        JsonNode answer = client(config).post("admin/v1/reload", JSON.createObjectNode());
        out.println("Reloaded " + answer.path("source").asText() + ": " + answer.path("providers").asInt()
                + " provider(s), " + answer.path("models").asInt() + " model(s)");
        for (JsonNode section : answer.path("restart_required")) {
            out.println("Changed, applied after a restart: " + section.asText());
        }
        return 0;
    }

    private int plugins(CliArguments arguments, String config) {
        arguments.allowOnly(Set.of("json"));
        JsonNode answer = client(config).get("admin/v1/plugins");
        if (arguments.has("json")) {
            out.println(answer);
            return 0;
        }
        Table table = new Table("PLUGIN", "VERSION", "STATE", "EXTENSIONS");
        for (JsonNode plugin : answer.path("plugins")) {
            StringBuilder extensions = new StringBuilder();
            for (JsonNode extension : plugin.path("extensions")) {
                extensions.append(extensions.isEmpty() ? "" : ", ")
                        .append(extension.path("kind").asText()).append(' ').append(extension.path("id").asText());
            }
            table.row(plugin.path("id").asText(), plugin.path("version").asText(), plugin.path("state").asText(),
                    extensions.isEmpty() ? "-" : extensions.toString());
        }
        out.print(table.render());
        out.println("Plugin SPI " + answer.path("spi_version").asText());
        for (JsonNode failed : answer.path("failed")) {
            out.println("Skipped " + failed.path("path").asText() + ": " + failed.path("reason").asText());
        }
        return 0;
    }

    private static String models(JsonNode key) {
        StringBuilder models = new StringBuilder();
        for (JsonNode model : key.path("models")) {
            models.append(models.isEmpty() ? "" : ",").append(model.asText());
        }
        return models.isEmpty() ? "all" : models.toString();
    }

    private AdminClient client(String config) {
        AdminEndpoint endpoint = AdminEndpoint.resolve(config, env);
        return new AdminClient(endpoint.url(), endpoint.token());
    }
}
