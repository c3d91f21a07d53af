#!/bin/sh
# kexkit inside the capture environment: the installed tree at /usr/lib/kexkit with the libraries copied
# beside it, and /tmp for the JVM's temporary files. The capture kernel has a few tens of MiB for all of
# userspace, so the JVM is held to what a dump needs:
# - the class archive mapped where it was built (ArchiveRelocationMode=0): relocated, as JDK 25 does by
#   default, every pointer in it is patched, which copies its 13 MiB into anonymous memory; mapped in
#   place only the pages written stay private (measured peak anonymous memory of a 1 GiB capture on the
#   host: 35 MiB relocated, 23 MiB not);
# - a heap capped at 32 MiB: a dump's live heap stays near 6 MiB whatever the RAM (16 GiB vmcore
#   measured), and a cap well under the capture kernel's memory makes the JVM collect rather than grow.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
export KEXKIT_JAVA_OPTS="-Xss512k -Xmx32m -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Djava.io.tmpdir=/tmp ${KEXKIT_JAVA_OPTS:-}"
exec /usr/lib/kexkit/bin/kexkit "$@"
