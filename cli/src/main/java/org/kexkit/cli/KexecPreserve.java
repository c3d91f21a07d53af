package org.kexkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kexkit.kexec.sys.LiveUpdateCalls;
import org.kexkit.kexec.luo.LuoPreserver;

/**
 * kexec -e --preserve NAME=FILE: the files go into a LUO session before the reboot and come back
 * in the next kernel with kexkit luo restore. What it keeps open must stay open until the kexec.
 */
final class KexecPreserve {
    private KexecPreserve() {
    }

    /** NAME=FILE pairs as given; a malformed one is a usage error. */
    static List<LuoPreserver.Request> parse(List<String> specs) {
        List<LuoPreserver.Request> requests = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--preserve takes NAME=FILE, not '" + spec + "'");
            }
            requests.add(new LuoPreserver.Request(spec.substring(0, eq), Path.of(spec.substring(eq + 1))));
        }
        return requests;
    }

    /** Preserves the files; the result holds the session open and is closed only if the kexec fails. */
    static LuoPreserver.Preserved preserve(CliEnvironment environment, List<LuoPreserver.Request> requests) throws Exception {
        LiveUpdateCalls calls;
        try {
            calls = environment.liveUpdate().get();
        } catch (LinkageError | UnsupportedOperationException e) {
            throw new CommandFailure("cannot bind the /dev/liveupdate calls through jnr-ffi: " + e.getMessage());
        }
        return new LuoPreserver(calls, LuoPreserver.DEFAULT_SESSION).preserve(requests);
    }
}
