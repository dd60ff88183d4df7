package io.odock.core.routing;

import io.odock.core.config.ConfigException;
import io.odock.core.config.DeploymentConfig;
import io.odock.core.config.FailoverConfig;
import io.odock.core.config.ModelConfig;
import io.odock.core.config.OdockConfig;
import io.odock.core.config.ProviderConfig;
import io.odock.core.plugins.ExtensionRegistry;
import io.odock.core.plugins.ProviderBinding;
import io.odock.spi.ErrorCodes;
import io.odock.spi.GatewayException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns a model name into the ordered deployments that may serve it on a given route. Everything is resolved at
 * start-up; {@link #route} only filters small immutable lists.
 */
public final class ModelRouter {
    private final Map<String, List<Deployment>> deploymentsByModel;
    private final Map<String, DeploymentOrder> orderByModel;
    private final Map<String, FailoverConfig> failoverByModel;
    private final Map<String, ProviderConfig> providersById;
    private final Map<String, Integer> maxOutputByModel;
    private final LatencyTracker latency;
    private final DeploymentHealth health;

    private ModelRouter(Map<String, List<Deployment>> deploymentsByModel, Map<String, DeploymentOrder> orderByModel,
                        Map<String, FailoverConfig> failoverByModel, Map<String, ProviderConfig> providersById,
                        Map<String, Integer> maxOutputByModel, LatencyTracker latency, DeploymentHealth health) {
        this.maxOutputByModel = maxOutputByModel;
        this.deploymentsByModel = deploymentsByModel;
        this.orderByModel = orderByModel;
        this.failoverByModel = failoverByModel;
        this.providersById = providersById;
        this.latency = latency;
        this.health = health;
    }

    /**
     * Resolves every model's deployments against the loaded adapters.
     *
     * @throws ConfigException when a provider's type has no loaded adapter
     */
    public static ModelRouter create(OdockConfig config, ExtensionRegistry registry) {
        return create(config, registry, Clock.systemUTC());
    }

    /** As {@link #create(OdockConfig, ExtensionRegistry)}, with the clock deployment cool-downs are timed by. */
    public static ModelRouter create(OdockConfig config, ExtensionRegistry registry, Clock clock) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        for (int i = 0; i < config.providers().size(); i++) {
            ProviderConfig provider = config.providers().get(i);
            if (registry.provider(provider.type()).isEmpty()) {
                throw new ConfigException(config.source() + ": providers[" + i + "] (id '" + provider.id()
                        + "'): type '" + provider.type() + "' has no loaded provider plugin (loaded types: "
                        + (registry.providers().isEmpty() ? "none" : String.join(", ", registry.providers().keySet()))
                        + ")");
            }
            providers.put(provider.id(), provider);
        }
        Map<String, List<Deployment>> models = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        int index = 0;
        for (ModelConfig model : config.models()) {
            List<Deployment> deployments = new ArrayList<>();
            for (DeploymentConfig deployment : model.deployments()) {
                // Stable across instances with the same configuration, so circuits can be shared by id.
                ids.add(model.name() + "/" + deployments.size() + "/" + deployment.provider() + "/" + deployment.model());
                ProviderConfig provider = providers.get(deployment.provider());
                ProviderBinding binding = registry.provider(provider.type()).orElseThrow();
                deployments.add(new Deployment(index++, provider, binding, deployment,
                        deployment.pricing().or(model::pricing), config.upstreamConnectTimeout()));
            }
            models.put(model.name(), List.copyOf(deployments));
        }
        LatencyTracker latency = new LatencyTracker(index);
        Map<String, DeploymentOrder> orders = new LinkedHashMap<>();
        Map<String, FailoverConfig> failovers = new LinkedHashMap<>();
        Map<String, Integer> maxOutputs = new LinkedHashMap<>();
        for (ModelConfig model : config.models()) {
            orders.put(model.name(), new DeploymentOrder(model.routing(), latency));
            failovers.put(model.name(), model.failover());
            model.maxOutputTokens().ifPresent(max -> maxOutputs.put(model.name(), max));
        }
        return new ModelRouter(Map.copyOf(models), Map.copyOf(orders), Map.copyOf(failovers), Map.copyOf(providers),
                Map.copyOf(maxOutputs), latency, new DeploymentHealth(ids, clock));
    }

    /** Where answered calls report their upstream latency, for the {@code least-latency} strategy. */
    public LatencyTracker latency() {
        return latency;
    }

    /** Each deployment's circuit, which calls report to and routing reads. */
    public DeploymentHealth health() {
        return health;
    }

    /** Every model's deployments in configuration order, for the admin API. */
    public Map<String, List<Deployment>> deployments() {
        return deploymentsByModel;
    }

    /** When and how the model's failed calls are tried again; the default for an unknown model. */
    public FailoverConfig failover(String model) {
        return failoverByModel.getOrDefault(model, FailoverConfig.DEFAULT);
    }

    /** The model's configured output ceiling ({@code maxOutputTokens}), if any. */
    public Optional<Integer> maxOutputTokens(String model) {
        return Optional.ofNullable(maxOutputByModel.get(model));
    }

    /** The configured model names, in configuration order. */
    public List<String> modelNames() {
        return List.copyOf(deploymentsByModel.keySet());
    }

    /**
     * The models a route can serve, in configuration order, each with the provider type of its first eligible
     * deployment (what the model list reports as its owner).
     */
    public Map<String, String> servableModels(RouteRequirement requirement) {
        Map<String, String> servable = new LinkedHashMap<>();
        deploymentsByModel.forEach((model, deployments) -> deployments.stream()
                .filter(d -> requirement.providerType().map(d.binding()::serves).orElse(true))
                .findFirst()
                .ifPresent(d -> servable.put(model, d.provider().type())));
        return servable;
    }

    /**
     * The deployments that may serve this model on this route, in the order the model's strategy tries them.
     *
     * @param model         the client's model name
     * @param requirement   the route's required provider type
     * @param askedProvider a provider the client named in the body (a provider type or a provider id), if any
     * @throws GatewayException 400 {@code model_not_found}, or 400 {@code provider_not_allowed} on a provider mismatch
     */
    public List<Deployment> route(String model, RouteRequirement requirement, Optional<String> askedProvider) {
        List<Deployment> all = deploymentsByModel.get(model);
        if (all == null) {
            throw new GatewayException(400, ErrorCodes.MODEL_NOT_FOUND,
                    "The model '" + model + "' does not exist on this gateway").withDetail("param", "model");
        }
        List<Deployment> eligible = all;
        if (requirement.providerType().isPresent()) {
            String required = requirement.providerType().get();
            askedProvider.ifPresent(asked -> {
                ProviderConfig named = providersById.get(asked);
                boolean fits = asked.equals(required) || (named != null && all.stream()
                        .anyMatch(d -> d.provider().id().equals(asked) && d.binding().serves(required)));
                if (!fits) {
                    throw new GatewayException(400, ErrorCodes.PROVIDER_NOT_ALLOWED, "Provider mismatch: "
                            + requirement.route() + " is served by provider type '" + required
                            + "', but the request asks for provider '" + asked + "'").withDetail("param", "provider");
                }
            });
            eligible = all.stream().filter(d -> d.binding().serves(required)).toList();
            if (eligible.isEmpty()) {
                throw new GatewayException(400, ErrorCodes.PROVIDER_NOT_ALLOWED, "Provider mismatch: the model '"
                        + model + "' is served by provider type " + describeTypes(all) + ", but "
                        + requirement.route() + " requires provider type '" + required + "'")
                        .withDetail("param", "model");
            }
        }
        if (askedProvider.isPresent() && providersById.containsKey(askedProvider.get())) {
            String id = askedProvider.get();
            List<Deployment> chosen = eligible.stream().filter(d -> d.provider().id().equals(id)).toList();
            if (chosen.isEmpty()) {
                throw new GatewayException(400, ErrorCodes.PROVIDER_NOT_ALLOWED, "The model '" + model
                        + "' has no deployment on provider '" + id + "'").withDetail("param", "provider");
            }
            return healthyFirst(orderByModel.get(model).order(chosen));
        }
        if (askedProvider.isPresent() && requirement.providerType().isEmpty()) {
            String type = askedProvider.get();
            List<Deployment> chosen = eligible.stream().filter(d -> d.provider().type().equals(type)).toList();
            if (chosen.isEmpty()) {
                throw new GatewayException(400, ErrorCodes.PROVIDER_NOT_ALLOWED, "The model '" + model
                        + "' has no deployment of provider '" + type + "'").withDetail("param", "provider");
            }
            return healthyFirst(orderByModel.get(model).order(chosen));
        }
        return healthyFirst(orderByModel.get(model).order(eligible));
    }

    /** Cooled-down deployments go behind the others, keeping the strategy's order within each group. */
    private List<Deployment> healthyFirst(List<Deployment> ordered) {
        List<Deployment> admitted = new ArrayList<>(ordered.size());
        List<Deployment> cooling = new ArrayList<>();
        for (Deployment deployment : ordered) {
            (health.admit(deployment) ? admitted : cooling).add(deployment);
        }
        if (cooling.isEmpty()) {
            return ordered;
        }
        admitted.addAll(cooling);
        return admitted;
    }

    private static String describeTypes(List<Deployment> deployments) {
        return deployments.stream().map(d -> "'" + d.provider().type() + "'").distinct()
                .collect(Collectors.joining(", "));
    }
}
