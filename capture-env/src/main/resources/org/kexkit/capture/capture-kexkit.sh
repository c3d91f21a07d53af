#!/bin/sh
# kexkit inside the capture environment: the installed tree at /usr/lib/kexkit with the libraries copied
# beside it, and /tmp for the JVM's temporary files. The capture kernel has a few tens of MiB for all of
# userspace, and the JVM's anonymous memory is what it cannot page out:
# - the class archive is mapped where it was built (ArchiveRelocationMode=0): relocated, as JDK 25 does
#   by default, every pointer in it is patched, which copies 13 MiB of it into anonymous memory; mapped in
#   place only the pages written stay private (peak anonymous memory of a 1 GiB capture, measured on the
#   host: 35 MiB relocated, 23 MiB in place);
# - the heap limit is explicit, since the JVM's default would be a quarter of the capture kernel's
#   memory: a plain dump's live heap stays near 4 MiB whatever the RAM (16 GiB measured) and never grows
#   past the 8 MiB it starts with, but erase rules and extensions hold the kernel's BTF and symbols (29 MiB
#   live for Debian's 7.2 kernel).
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
export KEXKIT_JAVA_OPTS="-Xss512k -Xmx160m -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Djava.io.tmpdir=/tmp ${KEXKIT_JAVA_OPTS:-}"
exec /usr/lib/kexkit/bin/kexkit "$@"
