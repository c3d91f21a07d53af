#!/bin/busybox sh
# udhcpc's script in the capture environment: applies the lease udhcpc got on $interface ($ip, $mask as a
# prefix length, $router, $dns) with busybox ip; the values stay quoted, nothing of them is evaluated.
case "$1" in
    deconfig)
        ip -4 addr flush dev "$interface"
        ip link set "$interface" up
        ;;
    bound|renew)
        ip -4 addr flush dev "$interface"
        ip addr add "$ip/${mask:-24}" dev "$interface"
        for r in $router; do
            ip route add default via "$r" dev "$interface" && break
        done
        : > /etc/resolv.conf
        for d in $dns; do
            echo "nameserver $d" >> /etc/resolv.conf
        done
        ;;
esac
exit 0
