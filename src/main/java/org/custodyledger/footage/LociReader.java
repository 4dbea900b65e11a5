package org.custodyledger.footage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the 3GPP location box ({@code moov/udta/loci}, TS 26.244 §8.1.3) that neither Tika
 * nor metadata-extractor maps. Only box headers are read on the way down, and the box itself
 * is capped, so the bytes read stay small whatever the file's size.
 */
final class LociReader {
    private static final int MAX_LOCI = 4096;
    private static final int MAX_BOXES = 10_000;

    private LociReader() {
    }

    /** {lat, lon} from the first loci box under moov/udta or moov/trak/udta, or null. */
    static double[] read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long[] moov = find(ch, 0, ch.size(), "moov");
            if (moov == null) {
                return null;
            }
            double[] found = inUdta(ch, moov);
            if (found != null) {
                return found;
            }
            long pos = moov[0];
            for (int i = 0; i < MAX_BOXES && pos < moov[1]; i++) {
                long[] trak = find(ch, pos, moov[1], "trak");
                if (trak == null) {
                    break;
                }
                found = inUdta(ch, trak);
                if (found != null) {
                    return found;
                }
                pos = trak[1];
            }
            return null;
        }
    }

    private static double[] inUdta(FileChannel ch, long[] parent) throws IOException {
        long[] udta = find(ch, parent[0], parent[1], "udta");
        if (udta == null) {
            return null;
        }
        long[] loci = find(ch, udta[0], udta[1], "loci");
        if (loci == null) {
            return null;
        }
        int len = (int) Math.min(loci[1] - loci[0], MAX_LOCI);
        ByteBuffer box = ByteBuffer.allocate(len);
        ch.read(box, loci[0]);
        box.flip();
        return parseLoci(box);
    }

    /** Version/flags, language, name (C string), role, then 16.16 fixed-point longitude, latitude, altitude. */
    static double[] parseLoci(ByteBuffer b) {
        if (b.remaining() < 6) {
            return null;
        }
        b.position(b.position() + 4 + 2);
        boolean utf16 = b.remaining() >= 2 && (b.get(b.position()) & 0xff) == 0xFE && (b.get(b.position() + 1) & 0xff) == 0xFF;
        if (utf16) {
            while (b.remaining() >= 2 && b.getShort() != 0) {
                // skip the UTF-16 name up to its two-byte terminator
            }
        } else {
            while (b.hasRemaining() && b.get() != 0) {
                // skip the UTF-8 name up to its terminator
            }
        }
        if (b.remaining() < 1 + 12) {
            return null;
        }
        b.get();
        double lon = b.getInt() / 65536.0;
        double lat = b.getInt() / 65536.0;
        return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? new double[] {lat, lon} : null;
    }

    /** The content range [start, end) of the first child box of {@code type} in [from, to), or null. */
    private static long[] find(FileChannel ch, long from, long to, String type) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(16);
        long pos = from;
        for (int i = 0; i < MAX_BOXES && pos + 8 <= to; i++) {
            header.clear().limit(8);
            if (ch.read(header, pos) < 8) {
                return null;
            }
            header.flip();
            long size = header.getInt() & 0xffffffffL;
            String boxType = new String(new byte[] {header.get(), header.get(), header.get(), header.get()},
                    StandardCharsets.ISO_8859_1);
            long headerLen = 8;
            if (size == 1) {
                header.clear().limit(8);
                if (ch.read(header, pos + 8) < 8) {
                    return null;
                }
                header.flip();
                size = header.getLong();
                headerLen = 16;
            } else if (size == 0) {
                size = to - pos;
            }
            if (size < headerLen || pos + size > to) {
                return null;
            }
            if (boxType.equals(type)) {
                return new long[] {pos + headerLen, pos + size};
            }
            pos += size;
        }
        return null;
    }
}
