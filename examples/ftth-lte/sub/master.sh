#!/bin/sh
ip route replace default dev ppp0
echo 1 > /proc/sys/net/ipv4/ip_forward
/usr/local/bin/soracom sim update_speed_class —-imsi=440101234567890 --speed-class=s1.fast --profile=keepalived > /dev/null 2>&1
