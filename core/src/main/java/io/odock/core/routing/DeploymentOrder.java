package io.odock.core.routing;

import io.odock.core.config.Pricing;
import io.odock.core.config.RoutingStrategy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts a model's eligible deployments in the order its strategy wants them tried: the first answers unless it fails,
 * then the next, and so on.
 */
final class DeploymentOrder {
    private final RoutingStrategy strategy;
    private final LatencyTracker latency;
    private final AtomicLong turns = new AtomicLong();

    DeploymentOrder(RoutingStrategy strategy, LatencyTracker latency) {
        this.strategy = strategy;
        this.latency = latency;
    }

    List<Deployment> order(List<Deployment> eligible) {
        if (eligible.size() < 2) {
            return eligible;
        }
        return switch (strategy) {
            case PRIORITY -> sorted(eligible, Comparator.comparingInt(d -> d.config().priority()));
            case WEIGHTED -> weighted(eligible);
            case ROUND_ROBIN -> rotated(eligible, (int) Math.floorMod(turns.getAndIncrement(), eligible.size()));
            case LEAST_LATENCY -> sorted(eligible, Comparator.comparingLong(d -> {
                long average = latency.averageNanos(d);
                return average < 0 ? Long.MIN_VALUE : average;
            }));
            case LOWEST_COST -> sorted(eligible, Comparator.comparing(DeploymentOrder::pricePerMillion));
        };
    }

    private static List<Deployment> sorted(List<Deployment> deployments, Comparator<Deployment> order) {
        List<Deployment> copy = new ArrayList<>(deployments);
        copy.sort(order);
        return copy;
    }

    private static List<Deployment> rotated(List<Deployment> deployments, int start) {
        List<Deployment> order = new ArrayList<>(deployments.size());
        for (int i = 0; i < deployments.size(); i++) {
            order.add(deployments.get((start + i) % deployments.size()));
        }
        return order;
    }

    /** Draws without replacement, each pick in proportion to weight; weight-0 deployments only as a last resort. */
    private static List<Deployment> weighted(List<Deployment> deployments) {
        List<Deployment> left = new ArrayList<>(deployments);
        List<Deployment> order = new ArrayList<>(deployments.size());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!left.isEmpty()) {
            long total = left.stream().mapToLong(d -> d.config().weight()).sum();
            if (total == 0) {
                order.addAll(left);
                break;
            }
            long pick = random.nextLong(total);
            for (int i = 0; i < left.size(); i++) {
                pick -= left.get(i).config().weight();
                if (pick < 0) {
                    order.add(left.remove(i));
                    break;
                }
            }
        }
        return order;
    }

    private static BigDecimal pricePerMillion(Deployment deployment) {
        return deployment.pricing().map((Pricing p) -> p.inputPerMTok().add(p.outputPerMTok()))
                .orElse(BigDecimal.valueOf(Long.MAX_VALUE));
    }
}
