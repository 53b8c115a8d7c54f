package org.nettwin.protocols.testkit;

import java.util.HexFormat;

/** Golden bytes written as hex in tests: whitespace and ':' separators are ignored so dumps paste as they are. */
public final class Hex {
    private Hex() {}

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("[\\s:]", ""));
    }

    public static String of(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
