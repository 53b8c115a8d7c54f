package org.nettwin.protocols.app;

/** Whose `ping` output to reproduce: Linux iputils (default) or BSD/macOS (the seed 002 trace). */
public enum PingStyle { IPUTILS, BSD }
