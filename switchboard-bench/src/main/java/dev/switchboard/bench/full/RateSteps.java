package dev.switchboard.bench.full;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps the offered call rate up until the server saturates: each step offers {@code factor} times the rate of the
 * one before. A step is saturated when the achieved rate is below {@link #MIN_ACHIEVED} of the offered one, or its
 * p99 latency exceeds {@code p99Limit} times the first step's p99 (and {@link #P99_FLOOR_NANOS}). Stepping stops at
 * the first saturated step or when {@code maxSteps} were run.
 */
public final class RateSteps {
    /** The share of the offered rate a step must achieve not to count as saturated. */
    public static final double MIN_ACHIEVED = 0.9;
    /** A p99 below this is never called an explosion, however it compares with the first step's. */
    public static final long P99_FLOOR_NANOS = 50_000_000L;

    private final double factor;
    private final double p99Limit;
    private final int maxSteps;
    private final List<Step> steps = new ArrayList<>();
    private double next;
    private Step saturatedAt;

    /** One step's figures: offered and achieved calls per second, and the p99 latency in nanoseconds. */
    public record Step(double offered, double achieved, long p99Nanos, boolean saturated) {
    }

    public RateSteps(double start, double factor, double p99Limit, int maxSteps) {
        if (!(start > 0) || !(factor > 1) || maxSteps < 1) {
            throw new IllegalArgumentException("start > 0, factor > 1 and maxSteps >= 1 are needed");
        }
        this.next = start;
        this.factor = factor;
        this.p99Limit = p99Limit;
        this.maxSteps = maxSteps;
    }

    /** Whether another step should run. */
    public boolean hasNext() {
        return saturatedAt == null && steps.size() < maxSteps;
    }

    /** The rate of the next step, in calls per second. */
    public double nextRate() {
        return next;
    }

    /** Records the step just run at {@link #nextRate()}; returns it, marked saturated or not. */
    public Step record(double achieved, long p99Nanos) {
        double offered = next;
        boolean saturated = achieved < MIN_ACHIEVED * offered
                || !steps.isEmpty() && p99Nanos > Math.max(P99_FLOOR_NANOS, p99Limit * steps.get(0).p99Nanos());
        Step step = new Step(offered, achieved, p99Nanos, saturated);
        steps.add(step);
        if (saturated) {
            saturatedAt = step;
        }
        next = offered * factor;
        return step;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The first saturated step, or {@code null} when none saturated. */
    public Step saturatedAt() {
        return saturatedAt;
    }

    /** The highest achieved rate of a step that did not saturate; 0 when every step saturated. */
    public double sustained() {
        return steps.stream().filter(s -> !s.saturated()).mapToDouble(Step::achieved).max().orElse(0);
    }
}
