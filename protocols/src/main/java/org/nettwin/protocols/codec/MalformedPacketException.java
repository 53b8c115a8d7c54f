package org.nettwin.protocols.codec;

/** Bytes that do not decode as the protocol they claim to be (short, bad field, bad checksum). */
public class MalformedPacketException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPacketException(String msg) {
        super(msg);
    }
}
