package org.nettwin.protocols.vrrp;

/**
 * The states a keepalived VRRP instance reports (RFC 3768 §6.4 plus keepalived's own). GOTO_MASTER is the
 * 1.2.13 transitional state: the instance has claimed mastership (or is about to, at start with `state
 * MASTER`) but does not own the VIPs yet (protocol-facts §2.4). STOP is where a cleanly stopped instance
 * ends (notify STOP); DELETED where one removed from the configuration by a reload ends.
 */
public enum VrrpState { INIT, BACKUP, GOTO_MASTER, MASTER, FAULT, STOP, DELETED }
