package org.custodyledger.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.custodyledger.custody.CustodyEvent;
import org.custodyledger.custody.EventType;
import org.custodyledger.footage.BlobStore;
import org.custodyledger.footage.HashingReceiver;
import org.custodyledger.hash.Sha256Digest;
import org.custodyledger.note.KeyPeriod;
import org.custodyledger.note.NoteVerifier;
import org.custodyledger.model.AppendedEntry;
import org.custodyledger.model.FootageRow;
import org.custodyledger.storage.FootageStore;
import org.custodyledger.storage.LedgerStore;
import org.custodyledger.storage.LogHead;
import org.custodyledger.storage.Sequencer;
import org.custodyledger.note.StoredCheckpoint;
import org.custodyledger.storage.StoredEntry;
import org.custodyledger.verify.Check;
import org.custodyledger.verify.EventKeys;
import org.custodyledger.verify.CitedCheckpoint;
import org.custodyledger.verify.EvidenceEvent;
import org.custodyledger.verify.FootageEvidence;
import org.custodyledger.verify.FootageVerifier;
import org.custodyledger.verify.LedgerChecks;
import org.custodyledger.verify.TimestampEvidence;
import org.custodyledger.verify.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification on request: re-hash the stored file, check every event's leaf, signature and
 * inclusion in the latest checkpoint, the checkpoint's signature by this log's key, and the
 * footage's chain — then record the outcome as a VERIFIED event. Also: "is this copy one of
 * ours?" and evidence bundles for offline verification.
 */
public final class VerificationService {
    private static final Logger log = LoggerFactory.getLogger(VerificationService.class);

    /** A footage's verification: the report, the checkpoint it was checked against, and how it was recorded. */
    public record FootageReport(FootageRow footage, Instant checkedAt, long checkpointSize, byte[] checkpointRoot,
                                VerificationReport report, AppendedEntry recorded, String notRecordedBecause) {
    }

    /** What a copy's hash says: the footage it is (or null) and that footage's history. */
    public record CopyCheck(Sha256Digest sha256, long size, FootageRow footage, List<HistoryItem> history) {
    }

    private final Vertx vertx;
    private final BlobStore blobs;
    private final FootageStore footage;
    private final LedgerStore ledger;
    private final FootageEvents events;
    private final NoteVerifier logKey;
    private final Clock clock;
    private final long maxCopyBytes;
    private final Duration idleTimeout;
    private final LedgerMetrics metrics;
    private final Cosigning cosigning;
    private final Timestamps timestamps;

    public VerificationService(Vertx vertx, BlobStore blobs, FootageStore footage, LedgerStore ledger, Sequencer sequencer,
                               NoteVerifier logKey, Clock clock, long maxCopyBytes, Duration idleTimeout,
                               LedgerMetrics metrics, Cosigning cosigning, Timestamps timestamps) {
        this.vertx = vertx;
        this.blobs = blobs;
        this.footage = footage;
        this.ledger = ledger;
        this.events = new FootageEvents(sequencer, clock);
        this.logKey = logKey;
        this.clock = clock;
        this.maxCopyBytes = maxCopyBytes;
        this.idleTimeout = idleTimeout;
        this.metrics = metrics;
        this.cosigning = cosigning;
        this.timestamps = timestamps;
    }

    /** What one verification reads from the ledger, all in one snapshot. */
    private record LedgerRead(StoredCheckpoint cp, FootageEvidence evidence, EventKeys keys, Check complete) {
    }

    /** Verifies one footage against the latest checkpoint and records a VERIFIED event with the outcome. */
    public Future<FootageReport> verify(String id, Actor actor) {
        Instant checkedAt = clock.instant();
        return Visibility.load(footage, id, actor).compose(row -> {
            Future<Check> file = fileCheck(row);
            // One snapshot, so an append committing meanwhile cannot make the head, counts and checkpoint disagree.
            Future<LedgerRead> read = ledger.snapshot(tx -> tx.latestCheckpoint().compose(cp -> {
                if (cp == null) {
                    throw new ServiceException(ServiceException.Kind.UNAVAILABLE, "the log has no checkpoint yet");
                }
                Future<FootageEvidence> evidence = evidence(tx, row, cp, List.of());
                // Each event against the key that was current at its index (retired keys included).
                Future<EventKeys> keys = tx.keyHistory().map(EventKeys::of);
                Future<Check> complete = completeness(tx);
                return Future.all(evidence, keys, complete).map(all -> new LedgerRead(cp, evidence.result(), keys.result(),
                        complete.result()));
            }));
            return Future.all(file, read).compose(all -> vertx.executeBlocking(() -> {
                List<Check> checks = new ArrayList<>();
                checks.add(file.result());
                checks.addAll(FootageVerifier.verify(read.result().evidence(), List.of(logKey), read.result().keys()));
                checks.add(read.result().complete());
                return new VerificationReport(checks);
            }, false)).compose(report -> {
                metrics.verificationFinished(report.verified());
                StoredCheckpoint cp = read.result().cp();
                return record(row, report, cp, actor).map(recorded -> new FootageReport(row, checkedAt,
                                cp.size(), cp.root(), report, recorded, null))
                        .recover(err -> {
                            log.warn("verification of {} could not be recorded: {}", id, err.toString());
                            return Future.succeededFuture(new FootageReport(row, checkedAt, cp.size(), cp.root(), report, null,
                                    "the VERIFIED event could not be appended: " + err.getMessage()));
                        });
            });
        });
    }

    /** "Is this copy one of ours, and untouched?": hashes the body without storing it. */
    public Future<CopyCheck> checkCopy(ReadStream<Buffer> body, Future<Void> clientGone, Actor actor) {
        return HashingReceiver.digestOnly(vertx, body, new HashingReceiver.Terms(maxCopyBytes, idleTimeout, clientGone))
                .recover(err -> Future.failedFuture(BodyFailures.of(err)))
                .compose(received -> {
                    if (received.size() == 0) {
                        throw ServiceException.invalid("the body is empty: send the file, or ask with ?sha256=");
                    }
                    return checkHash(received.digest(), received.size(), actor);
                });
    }

    public Future<CopyCheck> checkHash(Sha256Digest sha256, long size, Actor actor) {
        return footage.bySha256(sha256).compose(row -> {
            if (row == null) {
                return Future.succeededFuture(new CopyCheck(sha256, size, null, List.of()));
            }
            return ledger.entriesOfFootage(row.id()).map(entries -> new CopyCheck(sha256, size, row,
                    entries.stream().map(HistoryItem::of).toList()));
        });
    }

    /** The bundle, encoded (on a worker: a long history makes megabytes of JSON), and the footage it is of. */
    public record Bundle(String footageId, String json) {
    }

    /**
     * An evidence bundle: records EXPORTED first (fetching a bundle is an export), then
     * gathers every event — that one included — with proofs against the checkpoint the export
     * was committed under, the checkpoints each event was first answered with (and their
     * consistency proofs), the verifier keys, and the RFC 3161 timestamp covering the most of its
     * events ({@link Timestamps#forBundle}). {@code why} was checked at the edge.
     */
    public Future<Bundle> bundle(String id, String why, Actor actor, Function<FootageRow, JsonObject> render) {
        return bundle(id, why, actor, render, Map.of("via", "evidence-bundle"));
    }

    /** As {@link #bundle(String, String, Actor, Function)}, its EXPORTED event carrying {@code details}. */
    Future<Bundle> bundle(String id, String why, Actor actor, Function<FootageRow, JsonObject> render,
                          Map<String, String> details) {
        return Visibility.load(footage, id, actor).compose(row -> {
            return events.append(row, EventType.EXPORTED, actor, why, null, details, null)
                    .compose(entry -> (cosigning == null ? Future.<Cosigning.Published>succeededFuture()
                            : cosigning.served()).compose(cosigned -> {
                        // The export's own tree already cosigned (rare: witnesses answer after the append): its cosigned note.
                        boolean same = cosigned != null && cosigned.size() == entry.checkpoint().size()
                                && cosigned.note().startsWith(entry.checkpointNote());
                        StoredCheckpoint at = new StoredCheckpoint(entry.checkpoint().size(), entry.checkpoint().root(),
                                same ? cosigned.note() : entry.checkpointNote(), logKey.keyIdHex());
                        // Every read is bounded by the export's checkpoint, and rows below its size never change:
                        // these reads need no snapshot.
                        return earlierCheckpoints(row, at).compose(earlier -> withCosigned(earlier, cosigned, at))
                                .compose(earlier -> evidence(ledger, row, at, earlier))
                                .compose(evidence -> timestamps.forBundle(evidence, at.size(), ledger)
                                        .map(ts -> new Stamped(evidence, ts)));
                    }))
                    .compose(s -> Future.all(ledger.verifierKeys(logKey.keyIdHex()), ledger.keyHistory()
                                    .compose(history -> KeyHandoverNotes.of(ledger, history).map(notes -> Map.entry(history, notes))))
                            .compose(keys -> vertx.executeBlocking(() -> {
                                Map.Entry<List<KeyPeriod>, List<String>> history = keys.resultAt(1);
                                return new Bundle(row.id(), BundleJson.withTimestamp(BundleJson.write(render.apply(row),
                                        s.evidence(), keys.resultAt(0), history.getKey(), history.getValue(),
                                        CustodyEvent.formatTime(clock.instant()), logKey.name()), s.timestamp()).encodePrettily());
                            }, false)));
        });
    }

    /** A bundle's evidence and the RFC 3161 timestamp it carries (null: none covers its events yet). */
    private record Stamped(FootageEvidence evidence, TimestampEvidence timestamp) {
    }

    /** The checkpoints each event was first answered with (distinct, older than {@code at}), with consistency proofs. */
    private Future<List<CitedCheckpoint>> earlierCheckpoints(FootageRow row, StoredCheckpoint at) {
        return ledger.entriesOfFootage(row.id()).compose(entries -> {
            List<Future<StoredCheckpoint>> firsts = new ArrayList<>();
            for (StoredEntry e : entries) {
                if (e.index() < at.size()) {
                    firsts.add(ledger.firstCheckpointIncluding(e.index()));
                }
            }
            return Future.all(firsts).compose(all -> {
                Map<Long, StoredCheckpoint> distinct = new LinkedHashMap<>();
                for (Future<StoredCheckpoint> f : firsts) {
                    StoredCheckpoint cp = f.result();
                    if (cp != null && cp.size() < at.size()) {
                        distinct.putIfAbsent(cp.size(), cp);
                    }
                }
                List<Future<CitedCheckpoint>> cited = new ArrayList<>();
                for (StoredCheckpoint cp : distinct.values()) {
                    cited.add(ledger.consistencyProof(cp.size(), at.size()).map(proof -> new CitedCheckpoint(cp.note(), proof)));
                }
                return Future.all(cited).map(done -> {
                    List<CitedCheckpoint> list = new ArrayList<>();
                    cited.forEach(c -> list.add(c.result()));
                    return list;
                });
            });
        });
    }

    /**
     * With a witness policy, the bundle also cites the newest checkpoint whose cosignatures met
     * the quorum (in place of an earlier one of its size), proved consistent with the bundle's.
     */
    private Future<List<CitedCheckpoint>> withCosigned(List<CitedCheckpoint> earlier, Cosigning.Published cosigned,
                                                       StoredCheckpoint at) {
        if (cosigned == null || cosigned.size() < 1 || cosigned.size() >= at.size()) {
            return Future.succeededFuture(earlier);
        }
        return ledger.consistencyProof(cosigned.size(), at.size()).map(proof -> {
            List<CitedCheckpoint> list = new ArrayList<>();
            for (CitedCheckpoint c : earlier) {
                if (!c.note().startsWith(cosigned.note().substring(0, cosigned.note().indexOf("\n\n") + 1))) {
                    list.add(c);
                }
            }
            list.add(new CitedCheckpoint(cosigned.note(), proof));
            return list;
        });
    }

    /** The footage's events with inclusion proofs in the tree of {@code cp}, read from {@code store}. */
    private static Future<FootageEvidence> evidence(LedgerStore store, FootageRow row, StoredCheckpoint cp,
                                                    List<CitedCheckpoint> earlier) {
        return store.entriesOfFootage(row.id()).compose(entries -> {
            List<Long> indexes = new ArrayList<>();
            for (StoredEntry e : entries) {
                if (e.index() < cp.size()) {
                    indexes.add(e.index());
                }
            }
            return store.inclusionProofs(indexes, cp.size()).map(proofs -> {
                List<EvidenceEvent> events = new ArrayList<>(entries.size());
                for (StoredEntry e : entries) {
                    if (e.index() >= cp.size()) {
                        continue; // appended after the checkpoint: the next verification covers it
                    }
                    List<byte[]> proof = proofs.get(e.index());
                    events.add(new EvidenceEvent(e.index(), e.leaf(), e.leafHash(), proof,
                            proof == null ? "a tree node its proof needs is not stored" : null));
                }
                return new FootageEvidence(row.id(), row.sha256(), cp.note(), events, earlier);
            });
        });
    }

    /** The stored bytes re-hashed on a worker; footage whose bytes are not here passes with a statement why. */
    private Future<Check> fileCheck(FootageRow row) {
        if (row.disposed()) {
            return Future.succeededFuture(Check.pass("file-hash", "not re-hashed: the bytes were disposed at "
                    + CustodyEvent.formatTime(row.disposedAt()) + "; the ledger alone is verified"));
        }
        if (!row.held()) {
            return Future.succeededFuture(Check.pass("file-hash", "not re-hashed: only the hash is registered (bytes kept at "
                    + (row.storageLocation() == null ? "an agency store" : row.storageLocation()) + "); the ledger alone is verified"));
        }
        return vertx.executeBlocking(() -> blobs.rehash(row.sha256()), false).map(actual -> actual == null
                ? Check.fail("file-hash", "the stored file is missing from the blob store", row.sha256().hex(), null)
                : LedgerChecks.fileHash(row.sha256(), actual));
    }

    /** No entry is missing anywhere in the log: as many rows as the head counts ({@code store} must be one snapshot). */
    private static Future<Check> completeness(LedgerStore store) {
        return Future.all(store.head(), store.entryCount()).map(all -> {
            long size = all.<LogHead>resultAt(0).size();
            long rows = all.<Long>resultAt(1);
            return rows == size ? Check.pass("log-entries", size + " entries stored, as the head counts")
                    : Check.fail("log-entries", "the log stores " + rows + " entries but its head counts " + size
                            + ": entries were removed or added outside the ledger", Long.toString(size), Long.toString(rows));
        });
    }

    private Future<AppendedEntry> record(FootageRow row, VerificationReport report, StoredCheckpoint cp, Actor actor) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", report.verified() ? "verified" : "failed");
        details.put("checks", Integer.toString(report.checks().size()));
        details.put("failedChecks", Integer.toString(report.failures().size()));
        details.put("checkpointSize", Long.toString(cp.size()));
        if (!report.verified()) {
            LinkedHashSet<String> failed = new LinkedHashSet<>();
            report.failures().forEach(c -> failed.add(c.name()));
            String names = String.join(",", failed);
            details.put("failed", names.length() > 1000 ? names.substring(0, 1000) + "…" : names);
        }
        return events.append(row, EventType.VERIFIED, actor, "verification on request", null, details, null);
    }

    /** The log's key, which the court exports' own check of a bundle trusts. */
    NoteVerifier logKey() {
        return logKey;
    }
}
