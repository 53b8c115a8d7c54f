#!/bin/sh
# "Take the dead uplink out of service": it never comes back, since nothing sets it up again.
ip link set eth1 down
