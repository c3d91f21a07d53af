#!/bin/sh
# The kexkit launcher inside the test guest: a small serial-GC heap suits a capture kernel.
export LD_LIBRARY_PATH=/lib/x86_64-linux-gnu
exec /opt/java/bin/java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData \
    -Xss512k -Xmx64m -Djava.io.tmpdir=/tmp -cp '/opt/kexkit/lib/*' org.kexkit.cli.Main "$@"
