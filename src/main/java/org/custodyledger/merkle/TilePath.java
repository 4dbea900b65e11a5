package org.custodyledger.merkle;

/**
 * A parsed tile resource path: a hash tile ({@code tile/<L>/<N>[.p/<W>]}) or an entry bundle
 * ({@code tile/entries/<N>[.p/<W>]}, whose coordinates are those of its level-0 tile).
 */
public record TilePath(boolean entries, Tile tile) {
    public TilePath {
        if (entries && tile.level() != 0) {
            throw new IllegalArgumentException("an entry bundle is a level-0 tile, not level " + tile.level());
        }
    }

    public String path() {
        return entries ? tile.entriesPath() : tile.path();
    }
}
