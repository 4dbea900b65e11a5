package org.custodyledger.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.custodyledger.merkle.CompactRange;
import org.custodyledger.merkle.NodeId;
import org.custodyledger.merkle.Rfc6962;
import org.custodyledger.merkle.Tile;
import org.custodyledger.merkle.Tiles;
import org.custodyledger.note.Checkpoint;
import org.custodyledger.note.Checkpoints;
import org.custodyledger.note.NoteSigner;

/**
 * A tiny c2sp.org/tlog-tiles server for monitor tests: serves any tree the test builds, signed with
 * any key, so a fork signed with the log's own key (what a rewritten log would show) can be staged.
 */
final class FakeTlog implements AutoCloseable {
    private final HttpServer server;
    private volatile String checkpoint = "";
    private final Map<String, byte[]> tiles = new ConcurrentHashMap<>();
    /** Paths answered 404 whatever they hold: a server refusing a tile its checkpoint implies. */
    final Set<String> refused = ConcurrentHashMap.newKeySet();

    FakeTlog() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tlog/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/tlog/".length());
            byte[] body = path.equals("checkpoint") ? checkpoint.getBytes(StandardCharsets.UTF_8) : tiles.get(path);
            if (body == null || refused.contains(path)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        // The log's key history, as the monitor reads it to follow key handovers.
        server.createContext("/api/v1/ledger/key", exchange -> {
            byte[] body = new io.vertx.core.json.JsonObject().put("handovers", new io.vertx.core.json.JsonArray(handovers))
                    .encode().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
        });
        server.start();
    }

    /** The handover notes the key history answers, oldest first. */
    final java.util.List<String> handovers = new java.util.concurrent.CopyOnWriteArrayList<>();

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes the tree of {@code size} leaves "{prefix}{i}", signed by {@code signer}; answers its checkpoint. */
    Checkpoint publish(NoteSigner signer, String prefix, int size) {
        Map<NodeId, byte[]> nodes = new HashMap<>();
        CompactRange range = new CompactRange();
        for (int i = 0; i < size; i++) {
            range.append(Rfc6962.hashLeaf((prefix + i).getBytes(StandardCharsets.UTF_8)), nodes::put);
        }
        tiles.clear();
        for (Tile t : Tiles.forSize(size)) {
            tiles.put(t.path(), Tiles.tileBytes(t, t.nodes().stream().map(nodes::get).toList()));
        }
        Checkpoint c = new Checkpoint(signer.name(), size, range.root());
        checkpoint = Checkpoints.sign(c, signer);
        return c;
    }

    /** Replaces the served note (e.g. with cosignature lines added). */
    void note(String note) {
        checkpoint = note;
    }

    String note() {
        return checkpoint;
    }

    void tile(String path, byte[] bytes) {
        tiles.put(path, bytes);
    }

    byte[] tile(String path) {
        return tiles.get(path);
    }

    static NoteSigner signer(String name, int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return new NoteSigner(name, new Ed25519PrivateKeyParameters(bytes, 0));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
