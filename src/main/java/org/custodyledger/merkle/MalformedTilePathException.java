package org.custodyledger.merkle;

/** A tile path that c2sp.org/tlog-tiles does not allow; the message names the path and the reason. */
public class MalformedTilePathException extends Exception {
    public MalformedTilePathException(String path, String reason) {
        super("malformed tile path \"" + path + "\": " + reason);
    }
}
