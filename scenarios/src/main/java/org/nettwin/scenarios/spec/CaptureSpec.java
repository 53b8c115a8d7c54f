package org.nettwin.scenarios.spec;

import java.util.List;

/** Which links get a pcap: all of them, or the listed ones (topology link names). */
public record CaptureSpec(boolean all, List<String> links) {
    public static final CaptureSpec NONE = new CaptureSpec(false, List.of());
    public static final CaptureSpec ALL = new CaptureSpec(true, List.of());

    public CaptureSpec {
        links = List.copyOf(links);
    }

    public boolean captures(String link) {
        return all || links.contains(link);
    }
}
