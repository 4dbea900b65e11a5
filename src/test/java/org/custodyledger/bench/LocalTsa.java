package org.custodyledger.bench;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.custodyledger.testing.TestTsa;

/**
 * A local RFC 3161 TSA for benchmarks (the tests' {@link TestTsa}: Bouncy Castle's generator
 * behind the JDK's HTTP server, its own CA): serves at http://127.0.0.1:PORT/tsr and writes its
 * CA certificate to PEM_OUT, for {@code serve --tsa-url … --tsa-cert PEM_OUT}. Runs until killed.
 * Usage: LocalTsa PORT PEM_OUT
 */
public final class LocalTsa {
    private LocalTsa() {
    }

    public static void main(String[] args) throws InterruptedException {
        TestTsa tsa = TestTsa.start("Bench", Integer.parseInt(args[0]));
        tsa.writeCaPem(Path.of(args[1]));
        System.out.println("TSA at " + tsa.url() + ", CA certificate in " + args[1]);
        new CountDownLatch(1).await();
    }
}
