#!/bin/sh
ip route replace default via 192.168.0.254 dev eth0
