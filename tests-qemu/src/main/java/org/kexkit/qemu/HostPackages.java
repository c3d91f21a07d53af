package org.kexkit.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kexkit.qemu.run.HostCommand;

/** Installs missing Debian packages on the host with apt-get, only when a step needs them. */
final class HostPackages {
    private HostPackages() {}

    static void ensure(String why, List<String> packages) {
        List<String> missing = new ArrayList<>();
        for (String p : packages) {
            HostCommand.Result r = HostCommand.of("dpkg-query", "-W", "-f=${Status}", p).run();
            if (r.exitCode() != 0 || !r.stdout().contains("install ok installed")) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Progress.say("installing " + String.join(" ", missing) + " for " + why);
        List<String> prefix = "0".equals(HostCommand.of("id", "-u").output().strip()) ? List.of() : List.of("sudo");
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        List<String> update = new ArrayList<>(prefix);
        update.addAll(List.of("apt-get", "update", "-q"));
        HostCommand.of(update).env(env).timeout(900).output();
        List<String> install = new ArrayList<>(prefix);
        install.addAll(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(missing);
        HostCommand.of(install).env(env).timeout(1800).output();
    }
}
