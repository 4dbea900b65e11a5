package org.custodyledger.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tlog-tiles path encoding: the spec's example, round trips, and every malformed form refused. */
class TilePathsTest {
    @Test
    void indexIsEncodedInThreeDigitGroups() {
        assertEquals("000", TilePaths.encodeIndex(0));
        assertEquals("005", TilePaths.encodeIndex(5));
        assertEquals("999", TilePaths.encodeIndex(999));
        assertEquals("x001/000", TilePaths.encodeIndex(1000));
        assertEquals("x001/x234/067", TilePaths.encodeIndex(1_234_067));
        assertEquals("x123/x456/789", TilePaths.encodeIndex(123_456_789));
        assertThrows(IllegalArgumentException.class, () -> TilePaths.encodeIndex(-1));
    }

    @Test
    void tilesPrintTheirPaths() {
        assertEquals("tile/0/x001/x234/067", Tile.full(0, 1_234_067).path());
        assertEquals("tile/4/x001/x234/067.p/1", new Tile(4, 1_234_067, 1).path());
        assertEquals("tile/entries/273.p/112", new Tile(0, 273, 112).entriesPath());
        assertEquals("tile/entries/x001/000", Tile.full(0, 1000).entriesPath());
    }

    @Test
    void canonicalPathsParse() throws MalformedTilePathException {
        assertEquals(new TilePath(false, Tile.full(0, 1_234_067)), TilePaths.parse("tile/0/x001/x234/067"));
        assertEquals(new TilePath(false, new Tile(1, 1, 17)), TilePaths.parse("tile/1/001.p/17"));
        assertEquals(new TilePath(false, new Tile(63, 0, 255)), TilePaths.parse("tile/63/000.p/255"));
        assertEquals(new TilePath(true, new Tile(0, 273, 112)), TilePaths.parse("tile/entries/273.p/112"));
        assertEquals(new TilePath(true, Tile.full(0, 1_234_067)), TilePaths.parse("tile/entries/x001/x234/067"));
        assertEquals(new TilePath(false, Tile.full(0, Tile.MAX_INDEX)), TilePaths.parse(Tile.full(0, Tile.MAX_INDEX).path()));
    }

    @Test
    void everyTileRoundTrips() throws MalformedTilePathException {
        long[] indexes = {0, 1, 9, 10, 99, 100, 999, 1000, 1001, 999_999, 1_000_000, 1_234_067, Tile.MAX_INDEX};
        for (int level : new int[] {0, 1, 7, 8, 63}) {
            for (long index : indexes) {
                for (int width : new int[] {1, 9, 10, 99, 100, 255, 256}) {
                    Tile t = new Tile(level, index, width);
                    assertEquals(t, TilePaths.parse(t.path()).tile());
                    assertFalse(TilePaths.parse(t.path()).entries());
                    if (level == 0) {
                        assertTrue(TilePaths.parse(t.entriesPath()).entries());
                        assertEquals(t, TilePaths.parse(t.entriesPath()).tile());
                    }
                }
            }
        }
    }

    @Test
    void malformedPathsAreRefused() {
        List<String> bad = List.of(
                "", "tile", "tile/", "tile/0", "tile/entries", "tile/0/", "tile//000", "/tile/0/000", "tiles/0/000",
                "Tile/0/000", "tile/0/000/", "tile/0/000/extra", "tile/0/000.p/5/6", "tile/0/000.p", "tile/0/000.p/",
                "tile/0/000.P/5", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/1000", "tile/0/000.p/01",
                "tile/0/000.p/-1", "tile/0/000.p/+5", "tile/0/000.p/5a", "tile/0/000.p/ 5", "tile/entries/000.p/256",
                "tile/64/000", "tile/100/000", "tile/01/000", "tile/00/000", "tile/-1/000", "tile/+1/000", "tile/a/000",
                "tile/ 0/000", "tile/data/000", "tile/8/0/000", "tile/0/0", "tile/0/00", "tile/0/0000", "tile/0/1234067",
                "tile/0/x001/234/067", "tile/0/001/x234/067", "tile/0/x001/x234/x067", "tile/0/X001/067",
                "tile/0/x000/067", "tile/0/x000/x001/067", "tile/0/x00/067", "tile/0/x0001/067", "tile/0/-01",
                "tile/0/+01", "tile/0/0 1", "tile/0/\u0660\u0660\u0660", "tile/0/x001.p/5/000", "tile/0/x001.p/5",
                "tile/entries/1/000", "tile/entries/x/000", "tile/entries/entries/000",
                "tile/0/x999/x999/x999/x999/x999/x999/999", "tile/0/x036/x028/x797/x018/x963/968");
        for (String path : bad) {
            MalformedTilePathException e = assertThrows(MalformedTilePathException.class, () -> TilePaths.parse(path),
                    "\"" + path + "\" must be refused");
            assertTrue(e.getMessage().startsWith("malformed tile path \"" + path + "\": "), e.getMessage());
        }
    }

    @Test
    void refusalsSayWhy() {
        assertEquals("malformed tile path \"tile/0/000.p/256\": width 256 is outside 1..255",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/0/000.p/256")).getMessage());
        assertEquals("malformed tile path \"tile/64/000\": level 64 is outside 0..63",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/64/000")).getMessage());
        assertEquals("malformed tile path \"tile/01/000\": level \"01\" must be a decimal number without leading zeroes",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/01/000")).getMessage());
        assertEquals("malformed tile path \"tile/0/x000/067\": not the canonical encoding tile/0/067",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/0/x000/067")).getMessage());
        assertEquals("malformed tile path \"tile/0/001/067\": index element \"001\" must start with x",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/0/001/067")).getMessage());
        assertEquals("malformed tile path \"tile/0/x067\": index element \"x067\" must be three decimal digits",
                assertThrows(MalformedTilePathException.class, () -> TilePaths.parse("tile/0/x067")).getMessage());
    }
}
