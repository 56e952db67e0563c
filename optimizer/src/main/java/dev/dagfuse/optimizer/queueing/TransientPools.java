// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The waits and latencies that given sequences of request arrivals meet in workflows' pools, starting from empty pools,
 * optionally with every pool's containers running their threads on a machine of fewer cores: what a run of a few
 * hundred requests measures, where {@link Pools} predicts the steady state, which such a run does not reach (its first
 * requests find idle containers) and whose arrivals are one draw of the Poisson process, not its average.
 *
 * <p>A discrete-event simulation. Request i of a workflow arrives at its given time; a group becomes ready when every
 * group it follows has ended (the entry groups at the arrival); its k invocations arrive together at its pool, each
 * takes a free container or waits in the pool's queue (first come, first served); each brings work, a gamma-distributed
 * time of the pool's mean and c_s ({@link Pools.Pool#serviceMs()}, {@link Pools.Pool#serviceCv()}) at its container's
 * full CPU; the group ends when its last invocation does. With {@code cores} &gt; 0 the running invocations share the
 * machine's cores by processor sharing: an invocation runs as many threads as its container has cores, and while T
 * threads run, each progresses at min(1, cores / T) of its full speed, so a burst that fills the pools also slows
 * their service (what {@link CoreSharing} averages over independent containers). A real machine shares less well than
 * that: threads running beside others slow each other through the caches, memory and the runtime's own work, so each
 * pool may have a <em>shared speed</em> e ≤ 1, measured on the machine ({@link Flow#sharedSpeed()}): while any thread
 * other than its own runs, an invocation progresses at e · min(1, cores / T). Replicated with fresh work draws over the
 * same arrivals.
 *
 * <p>Per request it reports its wait (its groups' waits summed, each group's the longest of its invocations' waits: as
 * the cluster runner measures it, and as {@link Pools} adds it to the model's draws) and its <em>excess</em>: its
 * latency minus the latency its drawn work alone would take (every invocation at full speed, no wait), so that the
 * model's own latency draws plus the excess predict the run's latency with the waits and the sharing of the cores,
 * correlated as they are in a burst. Unlike {@link Pools}, a later group's arrivals are the earlier group's
 * departures, not a Poisson stream of their own.
 */
public final class TransientPools {

    private TransientPools() {
    }

    /**
     * One workflow of the run.
     *
     * @param pools its pools, one per group (their rates are not used: the arrivals are given)
     * @param predecessors per group, the groups it starts after (indices into {@code pools}; acyclic)
     * @param containers per group, its pool's containers (≥ 1)
     * @param arrivalMs its requests' arrival times in ms, non-decreasing
     * @param sharedSpeed per group, the speed of its invocations (relative to their speed alone) while other threads
     *     run beside them, before the cores' processor sharing: 1 where threads do not slow each other (0 &lt; e ≤ 1)
     */
    public record Flow(List<Pools.Pool> pools, List<List<Integer>> predecessors, int[] containers, double[] arrivalMs,
                       double[] sharedSpeed) {
        public Flow {
            pools = List.copyOf(pools);
            predecessors = predecessors.stream().map(List::copyOf).toList();
            containers = containers.clone();
            arrivalMs = arrivalMs.clone();
            sharedSpeed = sharedSpeed.clone();
            if (predecessors.size() != pools.size() || containers.length != pools.size()
                    || sharedSpeed.length != pools.size()) {
                throw new IllegalArgumentException("The predecessors (" + predecessors.size() + "), containers ("
                        + containers.length + ") and shared speeds (" + sharedSpeed.length + ") must be one per pool ("
                        + pools.size() + ").");
            }
            for (int g = 0; g < pools.size(); g++) {
                if (containers[g] < 1) {
                    throw new IllegalArgumentException("The pool of group " + pools.get(g).group() + " needs at least "
                            + "one container (" + containers[g] + ").");
                }
                if (!(sharedSpeed[g] > 0 && sharedSpeed[g] <= 1)) {
                    throw new IllegalArgumentException("The shared speed (" + sharedSpeed[g] + ") of group "
                            + pools.get(g).group() + " must be within (0, 1]. Maybe 1: threads beside each other run "
                            + "as fast as alone.");
                }
            }
            for (int i = 1; i < arrivalMs.length; i++) {
                if (!(arrivalMs[i] >= arrivalMs[i - 1])) {
                    throw new IllegalArgumentException("The arrivals must be in time order: " + arrivalMs[i]
                            + " ms after " + arrivalMs[i - 1] + " ms.");
                }
            }
            successors(predecessors, pools);
        }

        /** A flow whose threads do not slow each other beyond the sharing of the cores (every shared speed 1). */
        public Flow(List<Pools.Pool> pools, List<List<Integer>> predecessors, int[] containers, double[] arrivalMs) {
            this(pools, predecessors, containers, arrivalMs, ones(pools.size()));
        }

        private static double[] ones(int n) {
            double[] result = new double[n];
            Arrays.fill(result, 1);
            return result;
        }

        @Override
        public int[] containers() {
            return containers.clone();
        }

        @Override
        public double[] sharedSpeed() {
            return sharedSpeed.clone();
        }

        @Override
        public double[] arrivalMs() {
            return arrivalMs.clone();
        }
    }

    /**
     * One workflow's simulated run.
     *
     * @param requestWaitMs per replicate, per request (in the arrivals' order): its groups' waits summed
     * @param requestExcessMs per replicate, per request: its latency minus its drawn work's own latency
     * @param meanInvocationWaitMs per pool: an invocation's mean wait for a container, over every replicate
     * @param meanServiceMs per pool: an invocation's mean time on its container (its work, stretched by the sharing)
     * @param serviceCv per pool: that time's coefficient of variation (NaN below 2 invocations)
     */
    public record Waits(List<double[]> requestWaitMs, List<double[]> requestExcessMs, double[] meanInvocationWaitMs,
                        double[] meanServiceMs, double[] serviceCv) {
        public Waits {
            requestWaitMs = requestWaitMs.stream().map(double[]::clone).toList();
            requestExcessMs = requestExcessMs.stream().map(double[]::clone).toList();
            meanInvocationWaitMs = meanInvocationWaitMs.clone();
            meanServiceMs = meanServiceMs.clone();
            serviceCv = serviceCv.clone();
        }

        /** A request's mean wait, over every request and replicate. */
        public double meanRequestWaitMs() {
            return requestWaitMs.stream().flatMapToDouble(Arrays::stream).average().orElse(Double.NaN);
        }

        @Override
        public double[] meanInvocationWaitMs() {
            return meanInvocationWaitMs.clone();
        }

        @Override
        public double[] meanServiceMs() {
            return meanServiceMs.clone();
        }

        @Override
        public double[] serviceCv() {
            return serviceCv.clone();
        }
    }

    /** One workflow's pools alone, every invocation at its full speed (no sharing of cores). */
    public static Waits simulate(List<Pools.Pool> pools, List<List<Integer>> predecessors, int[] containers,
                                 double[] arrivalMs, int replicates, long seed) {
        return simulate(List.of(new Flow(pools, predecessors, containers, arrivalMs)), 0, replicates, seed).get(0);
    }

    /**
     * Simulates {@code replicates} runs of the workflows together.
     *
     * @param flows the workflows, each with its arrivals
     * @param cores the machine's cores that every running invocation's threads share; 0: each runs at full speed
     * @param replicates how many runs, each with its own work draws (≥ 1)
     * @param seed the seed of the work draws
     * @return per workflow, in {@code flows}' order
     */
    public static List<Waits> simulate(List<Flow> flows, int cores, int replicates, long seed) {
        if (replicates < 1 || cores < 0) {
            throw new IllegalArgumentException("The replicates (" + replicates + ") must be ≥ 1 and the cores ("
                    + cores + ") ≥ 0.");
        }
        List<State> states = new ArrayList<>();
        long stream = 0;
        for (Flow f : flows) {
            states.add(new State(f, seed, stream));
            stream += f.pools().size();
        }
        // every request of every workflow in time order: (time, workflow, request)
        List<double[]> arrivals = new ArrayList<>();
        for (int f = 0; f < flows.size(); f++) {
            double[] at = flows.get(f).arrivalMs;
            for (int i = 0; i < at.length; i++) {
                arrivals.add(new double[] {at[i], f, i});
            }
        }
        arrivals.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
        for (int r = 0; r < replicates; r++) {
            for (State s : states) {
                s.reset();
            }
            new Replicate(states, arrivals, cores).run();
        }
        return states.stream().map(State::result).toList();
    }

    /** One invocation: its work at full speed, what is left of it, and when it became ready and started. */
    private static final class Invocation {
        final State flow;
        final int request;
        final int group;
        final double readyMs;
        final double workMs;
        final int threads;
        final double sharedSpeed;
        double remainingMs;
        double startMs;
        /** Its current speed, set at each event. */
        double speed;

        Invocation(State flow, int request, int group, double readyMs, double workMs) {
            this.flow = flow;
            this.request = request;
            this.group = group;
            this.readyMs = readyMs;
            this.workMs = workMs;
            this.remainingMs = workMs;
            this.threads = flow.flow.pools().get(group).coresPerContainer();
            this.sharedSpeed = flow.flow.sharedSpeed[group];
        }
    }

    /** One replicate: the clock, the running invocations, the arrivals still to come. */
    private static final class Replicate {
        final List<State> states;
        final List<double[]> arrivals;
        final int cores;
        final List<Invocation> running = new ArrayList<>();
        int threads;
        double now;

        Replicate(List<State> states, List<double[]> arrivals, int cores) {
            this.states = states;
            this.arrivals = arrivals;
            this.cores = cores;
        }

        void run() {
            int next = 0;
            while (next < arrivals.size() || !running.isEmpty()) {
                // each running thread's speed: min(1, cores / threads) under processor sharing, times its pool's
                // shared speed while threads other than its own run
                double speed = cores == 0 || threads <= cores ? 1 : cores / (double) threads;
                Invocation first = null;
                for (Invocation inv : running) {
                    inv.speed = speed * (cores > 0 && threads > inv.threads ? inv.sharedSpeed : 1);
                    if (first == null || inv.remainingMs / inv.speed < first.remainingMs / first.speed) {
                        first = inv;
                    }
                }
                double completion = first == null ? Double.POSITIVE_INFINITY : now + first.remainingMs / first.speed;
                double arrival = next < arrivals.size() ? arrivals.get(next)[0] : Double.POSITIVE_INFINITY;
                if (arrival <= completion) {
                    advance(arrival);
                    double[] a = arrivals.get(next++);
                    State s = states.get((int) a[1]);
                    int request = (int) a[2];
                    for (int g = 0; g < s.flow.pools().size(); g++) {
                        if (s.flow.predecessors().get(g).isEmpty()) {
                            ready(s, request, g);
                        }
                    }
                } else {
                    advance(completion);
                    first.remainingMs = 0;
                    // every invocation done by now (ties), the earliest started first
                    List<Invocation> done = new ArrayList<>();
                    for (Invocation inv : running) {
                        if (inv.remainingMs <= 1e-9 * Math.max(1, inv.workMs)) {
                            done.add(inv);
                        }
                    }
                    for (Invocation inv : done) {
                        complete(inv);
                    }
                }
            }
        }

        private void advance(double to) {
            for (Invocation inv : running) {
                inv.remainingMs -= (to - now) * inv.speed;
            }
            now = to;
        }

        private void ready(State s, int request, int g) {
            Pools.Pool pool = s.flow.pools().get(g);
            s.groupLeft[request][g] = pool.invocationsPerRequest();
            for (int k = 0; k < pool.invocationsPerRequest(); k++) {
                Invocation inv = new Invocation(s, request, g, now, s.work(g));
                s.groupWorkMs[request][g] = Math.max(s.groupWorkMs[request][g], inv.workMs);
                if (s.free[g] > 0) {
                    s.free[g]--;
                    start(inv);
                } else {
                    s.queues.get(g).add(inv);
                }
            }
        }

        private void start(Invocation inv) {
            inv.startMs = now;
            double wait = now - inv.readyMs;
            State s = inv.flow;
            s.waitSum[inv.group] += wait;
            s.groupWaitMs[inv.request][inv.group] = Math.max(s.groupWaitMs[inv.request][inv.group], wait);
            running.add(inv);
            threads += inv.threads;
        }

        private void complete(Invocation inv) {
            running.remove(inv);
            State s = inv.flow;
            int g = inv.group;
            threads -= inv.threads;
            double elapsed = now - inv.startMs;
            s.serviceSum[g] += elapsed;
            s.serviceSquares[g] += elapsed * elapsed;
            s.served[g]++;
            Invocation waiting = s.queues.get(g).poll();
            if (waiting != null) {
                start(waiting);
            } else {
                s.free[g]++;
            }
            int i = inv.request;
            if (--s.groupLeft[i][g] > 0) {
                return;
            }
            s.requestWait[i] += s.groupWaitMs[i][g];
            for (int h : s.successors[g]) {
                if (--s.waitingFor[i][h] == 0) {
                    ready(s, i, h);
                }
            }
            if (--s.groupsLeft[i] == 0) {
                s.requestExcess[i] = now - s.flow.arrivalMs[i] - s.workLatency(i);
            }
        }
    }

    /** One workflow's state over the replicates: its pools' containers and queues, its requests' progress. */
    private static final class State {
        final Flow flow;
        final int[][] successors;
        final int[] order;
        final GammaDistribution[] gamma;
        final int n;
        final int groups;
        int[] free;
        final List<ArrayDeque<Invocation>> queues = new ArrayList<>();
        int[][] waitingFor;
        int[][] groupLeft;
        int[] groupsLeft;
        double[][] groupWaitMs;
        double[][] groupWorkMs;
        double[] requestWait;
        double[] requestExcess;
        final List<double[]> waits = new ArrayList<>();
        final List<double[]> excesses = new ArrayList<>();
        final double[] waitSum;
        final double[] serviceSum;
        final double[] serviceSquares;
        final long[] served;

        State(Flow flow, long seed, long stream) {
            this.flow = flow;
            this.n = flow.arrivalMs.length;
            this.groups = flow.pools().size();
            this.successors = successors(flow.predecessors(), flow.pools());
            this.order = order(flow.predecessors(), successors);
            gamma = new GammaDistribution[groups];
            for (int g = 0; g < groups; g++) {
                double cv = flow.pools().get(g).serviceCv();
                // shape 1/c_s², mean 1 (c_s ≈ 0: constant), one stream per pool
                gamma[g] = cv < 1e-6 ? null
                        : new GammaDistribution(new Well19937c(seed + 7919L * (stream + g)), 1 / (cv * cv), cv * cv);
                queues.add(new ArrayDeque<>());
            }
            waitSum = new double[groups];
            serviceSum = new double[groups];
            serviceSquares = new double[groups];
            served = new long[groups];
        }

        void reset() {
            free = flow.containers.clone();
            for (ArrayDeque<Invocation> q : queues) {
                q.clear();
            }
            waitingFor = new int[n][groups];
            for (int[] row : waitingFor) {
                for (int g = 0; g < groups; g++) {
                    row[g] = flow.predecessors().get(g).size();
                }
            }
            groupLeft = new int[n][groups];
            groupsLeft = new int[n];
            Arrays.fill(groupsLeft, groups);
            groupWaitMs = new double[n][groups];
            groupWorkMs = new double[n][groups];
            requestWait = new double[n];
            requestExcess = new double[n];
            waits.add(requestWait);
            excesses.add(requestExcess);
        }

        double work(int g) {
            return flow.pools().get(g).serviceMs() * (gamma[g] == null ? 1 : gamma[g].sample());
        }

        /** Request i's latency had every invocation run at full speed without waiting: its longest path of work. */
        double workLatency(int i) {
            double[] end = new double[groups];
            double latency = 0;
            for (int g : order) {
                double start = 0;
                for (int p : flow.predecessors().get(g)) {
                    start = Math.max(start, end[p]);
                }
                end[g] = start + groupWorkMs[i][g];
                latency = Math.max(latency, end[g]);
            }
            return latency;
        }

        Waits result() {
            double[] meanWait = new double[groups];
            double[] meanService = new double[groups];
            double[] cv = new double[groups];
            for (int g = 0; g < groups; g++) {
                long k = served[g];
                meanWait[g] = k == 0 ? 0 : waitSum[g] / k;
                meanService[g] = k == 0 ? Double.NaN : serviceSum[g] / k;
                double variance = k < 2 ? Double.NaN
                        : Math.max(0, serviceSquares[g] - k * meanService[g] * meanService[g]) / (k - 1);
                cv[g] = k < 2 || !(meanService[g] > 0) ? Double.NaN : Math.sqrt(variance) / meanService[g];
            }
            return new Waits(waits, excesses, meanWait, meanService, cv);
        }
    }

    /** A topological order of the groups. */
    private static int[] order(List<List<Integer>> predecessors, int[][] successors) {
        int groups = predecessors.size();
        int[] left = new int[groups];
        List<Integer> queue = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            left[g] = predecessors.get(g).size();
            if (left[g] == 0) {
                queue.add(g);
            }
        }
        for (int i = 0; i < queue.size(); i++) {
            for (int h : successors[queue.get(i)]) {
                if (--left[h] == 0) {
                    queue.add(h);
                }
            }
        }
        return queue.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Per group, the groups that start after it; rejects a cycle and indices out of range. */
    private static int[][] successors(List<List<Integer>> predecessors, List<Pools.Pool> pools) {
        int groups = predecessors.size();
        List<List<Integer>> after = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            after.add(new ArrayList<>());
        }
        for (int g = 0; g < groups; g++) {
            for (int p : predecessors.get(g)) {
                if (p < 0 || p >= groups || p == g) {
                    throw new IllegalArgumentException("Group " + pools.get(g).group() + " cannot follow group index "
                            + p + ": there are " + groups + " groups.");
                }
                after.get(p).add(g);
            }
        }
        int[][] result = new int[groups][];
        for (int g = 0; g < groups; g++) {
            result[g] = after.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        if (order(predecessors, result).length != groups) {
            throw new IllegalArgumentException("The groups' predecessors form a cycle: " + predecessors + ".");
        }
        return result;
    }
}
