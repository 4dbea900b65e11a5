package org.custodyledger.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.custodyledger.cli.Main;
import picocli.CommandLine;

/** Runs the command line in this JVM, keeping what it prints. */
public final class Cli {
    private Cli() {
    }

    /** The exit code and the two streams of one run. */
    public record Result(int exit, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
