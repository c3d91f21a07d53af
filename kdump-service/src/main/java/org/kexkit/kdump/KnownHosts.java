package org.kexkit.kdump;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The lines of a known_hosts file that name one host, as ssh matches them (sshd(8), SSH_KNOWN_HOSTS FILE FORMAT):
 * a comma list of patterns with {@code *} and {@code ?}, {@code !} negating, {@code [host]:port} off port 22,
 * and hashed names ({@code |1|base64 salt|base64 HMAC-SHA1 of the name keyed by the salt}, HashKnownHosts).
 * {@code @cert-authority} lines count; {@code @revoked} lines do not make a host known.
 */
public final class KnownHosts {
    private static final String HASHED = "|1|";

    private KnownHosts() {
    }

    /** The lines of {@code text} whose host patterns match {@code name} (a host, or {@code [host]:port}). */
    public static List<String> matching(String text, String name) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            int hosts = 0;
            if (f[0].startsWith("@")) {
                if (!f[0].equals("@cert-authority")) {
                    continue; // @revoked, or a marker ssh does not know
                }
                hosts = 1;
            }
            if (f.length >= hosts + 3 && matches(f[hosts], name)) {
                found.add(t);
            }
        }
        return found;
    }

    /** Whether the comma list {@code patterns} matches {@code name}: some pattern does and no negated one. */
    static boolean matches(String patterns, String name) {
        boolean any = false;
        for (String p : patterns.split(",")) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            boolean hit = pattern.startsWith(HASHED) ? hashedMatches(pattern, name) : glob(pattern, name);
            if (hit && negated) {
                return false;
            }
            any |= hit;
        }
        return any;
    }

    private static boolean glob(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        // host names compare without regard to case, as ssh lower-cases them
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(name).matches();
    }

    private static boolean hashedMatches(String pattern, String name) {
        String[] parts = pattern.substring(HASHED.length()).split("\\|");
        if (parts.length != 2) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[0]);
            byte[] hash = Base64.getDecoder().decode(parts[1]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(name.toLowerCase(java.util.Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // a damaged entry names no host
        }
    }
}
