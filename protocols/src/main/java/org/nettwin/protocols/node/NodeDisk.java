package org.nettwin.protocols.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A node's disk, reduced to the few small files the modelled programs keep across restarts (such as
 * Heartbeat's /var/lib/heartbeat/hb_generation): text values by absolute path, in memory, no real files.
 * One per node for a whole simulation: a crash and a `reboot` keep it (the node is built again, its disk is
 * not), a fresh run starts with it empty.
 */
public final class NodeDisk {
    private final Map<String, String> files = new HashMap<>();

    /** The contents of the file at {@code path}, if it was ever written. */
    public Optional<String> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /** Writes {@code contents} to the file at {@code path}, replacing what it held. */
    public void put(String path, String contents) {
        files.put(path, contents);
    }
}
