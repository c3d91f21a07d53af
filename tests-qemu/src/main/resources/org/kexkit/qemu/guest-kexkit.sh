#!/bin/sh
# kexkit inside the test guest: the product's tree at /opt/kexkit, with the guest's libraries and a
# heap limit (reserved, not used; a kexec_load reads the kernel and initrd, 40 MB, into the heap).
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
# Kernels without networking (the KHO test kernel): see socketpair-fallback.c.
[ -e /lib/x86_64-linux-gnu/libkexkit-socketpair.so ] && export LD_PRELOAD=/lib/x86_64-linux-gnu/libkexkit-socketpair.so
export KEXKIT_JAVA_OPTS="-Xss512k -Xmx160m -Djava.io.tmpdir=/tmp ${KEXKIT_JAVA_OPTS:-}"
exec /opt/kexkit/bin/kexkit "$@"
