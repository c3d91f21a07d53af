package org.kexkit.kdump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a capture environment needs to reach an ssh target, found on the running system: the network interfaces
 * that have a device (lo and virtual ones have none) and the modules of their drivers, read from sysfs as a disk's
 * are; the ssh client; the private key; and the known_hosts lines of the target host. The capture checks the host
 * key strictly, so a host whose key is not known is refused here, in one line, rather than failing after a crash.
 *
 * @param interfaces the interfaces the capture's init brings up with DHCP, by name on this system
 * @param drivers    their drivers' modules, device first (built-in drivers have none)
 * @param ssh        the ssh client under the system root
 * @param key        the private key under the system root
 * @param knownHosts the known_hosts lines that name the target (in the order found)
 * @param knownFrom  the files they came from, as the system names them
 */
public record CaptureNetwork(DumpTarget.Ssh target, List<String> interfaces, List<String> drivers, Path ssh, Path key,
        List<String> knownHosts, List<String> knownFrom) {
    /** Where Debian and Fedora install the OpenSSH client. */
    public static final List<String> SSH = List.of("usr/bin/ssh", "bin/ssh");
    /** Where ssh looks for host keys when it runs as root: the user's file, then the system's (ssh_config(5)). */
    public static final List<String> KNOWN_HOSTS = List.of("root/.ssh/known_hosts", "etc/ssh/ssh_known_hosts");
    /** The largest private key read: an RSA-16384 key in OpenSSH's format is some 13 KiB. */
    private static final long MAX_KEY = 64 << 10;

    public CaptureNetwork {
        interfaces = List.copyOf(interfaces);
        drivers = List.copyOf(drivers);
        knownHosts = List.copyOf(knownHosts);
        knownFrom = List.copyOf(knownFrom);
    }

    /** What reaching {@code target} from the capture needs, on the system under {@code root}. */
    public static CaptureNetwork resolve(Path root, DumpTarget.Ssh target) throws IOException, CaptureTargetException {
        String where = "target ssh " + target.destination() + ":" + target.directory();
        Path ssh = SSH.stream().map(root::resolve).filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new CaptureTargetException(where + ": no ssh client (" + String.join(", ", SSH.stream().map(p -> "/" + p)
                        .toList()) + "); install openssh-client"));
        Path key = KdumpPaths.under(root, target.identity());
        if (!Files.isRegularFile(key) || Files.size(key) > MAX_KEY) {
            throw new CaptureTargetException(where + ": no private key " + target.identity() + " (ssh_key); make one with"
                    + " ssh-keygen -f " + target.identity() + " and add its .pub to " + target.destination()
                    + "'s authorized_keys");
        }
        List<String> known = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (String file : KNOWN_HOSTS) {
            Path f = root.resolve(file);
            if (Files.isRegularFile(f)) {
                List<String> lines = KnownHosts.matching(Files.readString(f, StandardCharsets.UTF_8),
                        target.knownHostsName());
                if (!lines.isEmpty()) {
                    known.addAll(lines);
                    from.add("/" + file);
                }
            }
        }
        if (known.isEmpty()) {
            throw new CaptureTargetException(where + ": the host key of " + target.knownHostsName() + " is in neither "
                    + String.join(" nor ", KNOWN_HOSTS.stream().map(p -> "/" + p).toList()) + "; connect once as root"
                    + " (ssh -i " + target.identity() + " -p " + target.port() + " " + target.destination()
                    + ") and check the key: the capture never accepts an unknown host key");
        }
        List<String> interfaces = new ArrayList<>();
        List<String> drivers = new ArrayList<>();
        Path net = root.resolve("sys/class/net");
        if (Files.isDirectory(net)) {
            try (var s = Files.list(net)) {
                for (Path iface : s.sorted().toList()) {
                    if (Files.exists(iface.resolve("device"))) {
                        interfaces.add(iface.getFileName().toString());
                        for (String m : CaptureTarget.drivers(root, iface)) {
                            if (!drivers.contains(m)) {
                                drivers.add(m);
                            }
                        }
                    }
                }
            }
        }
        if (interfaces.isEmpty()) {
            throw new CaptureTargetException(where + ": no network interface with a device in /sys/class/net (is its"
                    + " driver loaded?)");
        }
        return new CaptureNetwork(target, interfaces, drivers, ssh, key, known, from);
    }
}
