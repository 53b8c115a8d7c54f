#!/bin/sh
/usr/local/bin/soracom sim update_speed_class —imsi=440101234567890 --speed-class=s1.minimum --profile=keepalived > /dev/null 2>&1
echo 0 > /proc/sys/net/ipv4/ip_forward
ip route replace default via 192.168.0.254 dev eth0
