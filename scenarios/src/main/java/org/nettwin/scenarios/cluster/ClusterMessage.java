package org.nettwin.scenarios.cluster;

/**
 * Marker of every message that crosses JVMs; the cluster config binds it to Pekko's Jackson CBOR serializer,
 * so Java serialization (off by default in Pekko) is never needed.
 */
public interface ClusterMessage {}
