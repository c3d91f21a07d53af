#!/bin/sh
# The kexkit launcher inside the test guest: serial GC; the heap limit is reserved, not used, and a
# kexec_load reads the kernel and initrd (40 MB) into it.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
# Kernels without networking (the KHO test kernel): see socketpair-fallback.c.
[ -e /lib/x86_64-linux-gnu/libkexkit-socketpair.so ] && export LD_PRELOAD=/lib/x86_64-linux-gnu/libkexkit-socketpair.so
exec /opt/java/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
    -Xss512k -Xmx160m -Djava.io.tmpdir=/tmp -Djffi.boot.library.path=/opt/kexkit/lib/native -cp '/opt/kexkit/lib/*' org.kexkit.cli.Main "$@"
