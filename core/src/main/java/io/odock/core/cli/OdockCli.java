package io.odock.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.odock.core.config.ConfigException;
import io.odock.core.config.ConfigLoader;
import io.odock.core.config.OdockHome;
import io.odock.core.server.GatewayMain;
import io.odock.core.server.OdockVersion;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/odock}'s Java side: {@code run}, {@code keys ...}, {@code scopes ...}, {@code usage}, {@code plugins},
 * {@code reload}, {@code version}.
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
              keys create --name NAME [KEY OPTIONS] [--json]
                                                          create an API key; the key is printed once
              keys list [--json]                          list keys (never the keys themselves)
              keys show ID [--json]                       a key with its limits and its budget's spend
              keys update ID [--name NAME] [KEY OPTIONS]  change what the options name; the rest stays
              keys rotate ID                              a new secret for the same key (limits, budget and
                                                          history stay); the old one stops working
              keys revoke ID | keys unrevoke ID           stop a key from the next request on, or restore it
              scopes show|set|clear KIND ID [LIMIT AND BUDGET OPTIONS]
                                                          limits and budget of an organization, team, user or
                                                          api_key (set merges the options into what is there)
              usage [--key ID] [--org O] [--team T] [--user U] [--model M] [--from DATE] [--to DATE]
                    [--by key,organization,team,user,model,provider,day] [--json]
                                                          requests, tokens and spend (last 30 days by default)
              plugins [--json]                            loaded plugins, their versions, skipped ones
              reload                                      re-read the configuration file (providers, models,
                                                          routing, pricing); an invalid file changes nothing
              version                                     gateway and plugin SPI versions

            Key options: --models m1,gpt-4o* --mcp-servers s1,s2 --byok|--no-byok --org O --team T --user U
              --expires 2026-12-31|INSTANT|none --ip-allow CIDR,... --ip-deny CIDR,... --max-tokens N
              --max-request-bytes N --max-concurrent N --mcp-tools-allow s/t,... --mcp-tools-deny s/t,...,
              plus the limit and budget options.
            Limit options: --rpm N --tpm N (per minute) --rpd N --tpd N (per day) --rpmonth N --tpmonth N
              (per month), each 'none' to remove; --shadow rpm,tpd,... report those limits without enforcing them.
            Budget options: --budget AMOUNT|none --budget-period total|daily|weekly|monthly
              --budget-timezone ZONE --budget-warn 50,80 --shadow-budget

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
                case "scopes" -> new GovernanceCommands(client(config), out).scopes(arguments);
                case "usage" -> new GovernanceCommands(client(config), out).usage(arguments);
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
            case "create" -> new KeyCommands(client(config), out).create(arguments);
            case "list" -> new KeyCommands(client(config), out).list(arguments);
            case "show" -> new KeyCommands(client(config), out).show(arguments);
            case "update" -> new KeyCommands(client(config), out).update(arguments);
            case "rotate" -> new KeyCommands(client(config), out).rotate(arguments);
            case "revoke" -> new KeyCommands(client(config), out).revoke(arguments, true);
            case "unrevoke" -> new KeyCommands(client(config), out).revoke(arguments, false);
            default -> throw new CliArguments.UsageException(
                    "keys needs create, list, show, update, rotate, revoke or unrevoke");
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

    private AdminClient client(String config) {
        AdminEndpoint endpoint = AdminEndpoint.resolve(config, env);
        return new AdminClient(endpoint.url(), endpoint.token());
    }
}
