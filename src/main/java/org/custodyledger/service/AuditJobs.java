package org.custodyledger.service;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custodyledger.verify.LedgerAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-ledger audits run as background jobs for the API: one at a time per instance (an
 * audit reads the whole log), the latest {@value #KEPT} kept in memory with their progress
 * and result. A restart forgets them; the audit is cheap to run again.
 */
public final class AuditJobs {
    private static final Logger log = LoggerFactory.getLogger(AuditJobs.class);
    static final int KEPT = 20;

    public enum Status { RUNNING, FINISHED, FAILED }

    /** One audit: who asked, when, how far it is, and how it ended. */
    public static final class Job {
        public final String id;
        public final String startedBy;
        public final Instant startedAt;
        public final AuditService.Options options;
        public final AuditService.Progress progress = new AuditService.Progress();
        private volatile Status status = Status.RUNNING;
        private volatile Instant finishedAt;
        private volatile LedgerAudit.Summary summary;
        private volatile String error;

        Job(String id, String startedBy, Instant startedAt, AuditService.Options options) {
            this.id = id;
            this.startedBy = startedBy;
            this.startedAt = startedAt;
            this.options = options;
        }

        public Status status() {
            return status;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public LedgerAudit.Summary summary() {
            return summary;
        }

        public String error() {
            return error;
        }
    }

    private final AuditService audits;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public AuditJobs(AuditService audits, Clock clock) {
        this.audits = audits;
        this.clock = clock;
    }

    /** Starts an audit, or refuses (CONFLICT) while one is running. */
    public synchronized Future<Job> start(AuditService.Options options, Actor actor) {
        for (Job j : jobs.values()) {
            if (j.status == Status.RUNNING) {
                return Future.failedFuture(ServiceException.conflict("audit " + j.id + " (started by " + j.startedBy + ") is still running;"
                        + " follow it at /api/v1/ledger/audits/" + j.id));
            }
        }
        Job job = new Job(Ids.mint("a"), actor.id(), clock.instant(), options);
        jobs.put(job.id, job);
        while (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        log.info("audit {} started by {} ({})", job.id, actor.id(), options);
        audits.run(options, job.progress).onComplete(ar -> {
            job.finishedAt = clock.instant();
            if (ar.succeeded()) {
                job.summary = ar.result();
                job.status = Status.FINISHED;
                log.info("audit {} finished: {} entries, {} divergences", job.id, ar.result().entries(), ar.result().failures());
            } else {
                job.error = ar.cause().getMessage() == null ? ar.cause().toString() : ar.cause().getMessage();
                job.status = Status.FAILED;
                log.warn("audit {} failed: {}", job.id, job.error);
            }
        });
        return Future.succeededFuture(job);
    }

    public synchronized Future<Job> get(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return Future.failedFuture(ServiceException.notFound("no audit " + id + " on this instance (the latest " + KEPT
                    + " are kept until restart)"));
        }
        return Future.succeededFuture(job);
    }

    public synchronized Future<List<Job>> recent() {
        return Future.succeededFuture(new ArrayList<>(jobs.values()));
    }
}
