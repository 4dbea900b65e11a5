package org.custodyledger.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live bar on a terminal; otherwise a plain line now and then on stderr, fit for logs. */
final class ProgressBars {
    private ProgressBars() {
    }

    static ProgressBar create(PrintWriter err, String task, long max, String unit, long unitSize) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setUnit(unit, unitSize).showSpeed().setUpdateIntervalMillis(500);
        if (System.console() == null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> {
                err.println(line.strip());
                err.flush();
            })).setUpdateIntervalMillis(5000).setStyle(ProgressBarStyle.ASCII);
        }
        return builder.build();
    }
}
