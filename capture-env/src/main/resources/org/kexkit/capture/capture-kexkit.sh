#!/bin/sh
# kexkit inside the capture environment: the installed tree at /usr/lib/kexkit with the libraries copied
# beside it, a small heap and /tmp for the JVM's temporary files.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
export KEXKIT_JAVA_OPTS="-Xss512k -Xmx160m -Djava.io.tmpdir=/tmp ${KEXKIT_JAVA_OPTS:-}"
exec /usr/lib/kexkit/bin/kexkit "$@"
