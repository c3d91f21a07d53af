package org.kexkit.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownHostsTest {
    /** HMAC-SHA1 of "[10.0.2.2]:2222" and of "dumps.example.org" keyed by the salt 00 01 .. 13 (computed apart). */
    static final String HASHED_PORT = "|1|AAECAwQFBgcICQoLDA0ODxAREhM=|ebuGJRfCboqxNeEYQwR03WmVqy0=";
    static final String HASHED_NAME = "|1|AAECAwQFBgcICQoLDA0ODxAREhM=|dvRa7pgZut5RxXLL89Mv325GM+4=";

    @Test
    void plainListsWildcardsPortsAndNegation() {
        String file = """
                # comment
                dumps.example.org,192.0.2.7 ssh-ed25519 AAAAone
                [10.0.2.2]:2222 ssh-ed25519 AAAAtwo
                *.example.org,!bad.example.org ecdsa-sha2-nistp256 AAAAthree
                @revoked dumps.example.org ssh-rsa AAAArevoked
                @cert-authority *.example.org ssh-ed25519 AAAAca
                10.0.2.2 ssh-ed25519
                """;
        assertEquals(List.of("dumps.example.org,192.0.2.7 ssh-ed25519 AAAAone",
                "*.example.org,!bad.example.org ecdsa-sha2-nistp256 AAAAthree",
                "@cert-authority *.example.org ssh-ed25519 AAAAca"), KnownHosts.matching(file, "DUMPS.example.org"));
        assertEquals(List.of("[10.0.2.2]:2222 ssh-ed25519 AAAAtwo"), KnownHosts.matching(file, "[10.0.2.2]:2222"));
        // port 22 is the bare name; a line without a key names nothing
        assertEquals(List.of(), KnownHosts.matching(file, "10.0.2.2"));
        assertEquals(List.of("@cert-authority *.example.org ssh-ed25519 AAAAca"), KnownHosts.matching(file, "bad.example.org"));
    }

    @Test
    void hashedNames() {
        String file = HASHED_PORT + " ssh-ed25519 AAAAport\n" + HASHED_NAME + " ssh-ed25519 AAAAname\n|1|bad|entry ssh-rsa A\n";
        assertEquals(List.of(HASHED_PORT + " ssh-ed25519 AAAAport"), KnownHosts.matching(file, "[10.0.2.2]:2222"));
        assertEquals(List.of(HASHED_NAME + " ssh-ed25519 AAAAname"), KnownHosts.matching(file, "dumps.example.org"));
        assertEquals(List.of(), KnownHosts.matching(file, "10.0.2.2"));
    }
}
