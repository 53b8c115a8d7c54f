#!/bin/sh
# gate_init_vxlan.sh, RECONSTRUCTED for the twin: SORACOM's script is not in seed 000, which shows only its
# usage line and two calls. This does what such a script must do with those arguments (see README.md); the
# UDP port is an assumption: 4789, the port of the seed's security group rule (protocol-facts §3.1, §9).
#
# A Gate Peer's vxlan0 is one L2 segment with the device subnet: broadcast, multicast and unknown unicast
# are sent to both outer addresses of the (redundant) VPG and, when given, to the other Gate Peer, because
# the VPG does not send a frame from one Gate Peer on to another (seed-networks §1).
if [ $# -lt 8 ]; then
    echo "usage:  $0 [PHY_IF] [PHY_ADDR] [VXLAN_IF] [VXLAN_ADDR] [VXLAN_NETMASK] [VXLAN_ID] [VPG Outer IP 1] [VPG Outer IP 2]"
    exit 1
fi
PHY_IF=$1
PHY_ADDR=$2
VXLAN_IF=$3
VXLAN_ADDR=$4
VXLAN_NETMASK=$5
VXLAN_ID=$6
VPG_OUTER_IP_1=$7
VPG_OUTER_IP_2=$8
OTHER_PEER=$9

ip link add $VXLAN_IF type vxlan id $VXLAN_ID dev $PHY_IF local $PHY_ADDR dstport 4789
bridge fdb append 00:00:00:00:00:00 dev $VXLAN_IF dst $VPG_OUTER_IP_1
bridge fdb append 00:00:00:00:00:00 dev $VXLAN_IF dst $VPG_OUTER_IP_2
if [ -n "$OTHER_PEER" ]; then
    bridge fdb append 00:00:00:00:00:00 dev $VXLAN_IF dst $OTHER_PEER
fi
ip addr add $VXLAN_ADDR/$VXLAN_NETMASK dev $VXLAN_IF
ip link set $VXLAN_IF up
