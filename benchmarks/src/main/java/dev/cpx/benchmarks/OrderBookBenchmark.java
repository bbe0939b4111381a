package dev.cpx.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same pre-generated single-book stream through the CPX engine and through exchange-core's
 * direct order book. Throughput benchmarks run the whole stream per invocation (the book is
 * reset to the prefilled state before each, outside the measurement); latency benchmarks run one
 * command per invocation, resetting the book inside the invocation that follows the stream's
 * last command (one outlier per stream length).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OrderBookBenchmark {

    static final long SEED = 20_260_101L;
    static final int COMMANDS = 1_000_000;

    @State(Scope.Benchmark)
    public static class Workload {
        SingleBookWorkload workload;

        @Setup(Level.Trial)
        public void generate() {
            workload = SingleBookWorkload.generate(SEED, COMMANDS);
            System.out.println();
            System.out.println(workload);
            System.out.println(BookComparison.compare(workload));
        }
    }

    @State(Scope.Thread)
    public static class CpxStream {
        CpxRunner runner;

        @Setup(Level.Trial)
        public void create(Workload workload) {
            runner = new CpxRunner(workload.workload);
        }

        @Setup(Level.Invocation)
        public void reset() {
            runner.reset();
        }
    }

    @State(Scope.Thread)
    public static class ExchangeCoreStream {
        ExchangeCoreRunner runner;

        @Setup(Level.Trial)
        public void create(Workload workload) {
            runner = new ExchangeCoreRunner(workload.workload);
        }

        @Setup(Level.Invocation)
        public void reset() {
            runner.reset();
        }
    }

    @State(Scope.Thread)
    public static class CpxSteps {
        CpxRunner runner;

        @Setup(Level.Trial)
        public void create(Workload workload) {
            runner = new CpxRunner(workload.workload);
        }
    }

    @State(Scope.Thread)
    public static class ExchangeCoreSteps {
        ExchangeCoreRunner runner;

        @Setup(Level.Trial)
        public void create(Workload workload) {
            runner = new ExchangeCoreRunner(workload.workload);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(COMMANDS)
    public long cpxThroughput(CpxStream stream) {
        return stream.runner.runStream();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(COMMANDS)
    public long exchangeCoreThroughput(ExchangeCoreStream stream) {
        return stream.runner.runStream();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long cpxLatency(CpxSteps steps) {
        return steps.runner.step();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long exchangeCoreLatency(ExchangeCoreSteps steps) {
        return steps.runner.step();
    }
}
