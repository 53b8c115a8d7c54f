#!/bin/sh
ip route replace default dev ppp0
