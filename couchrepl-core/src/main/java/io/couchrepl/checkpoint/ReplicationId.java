package io.couchrepl.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the id of a replication: the same source, target and feed options always give the same
 * id, so a later run finds the earlier run's checkpoint; changing any of them gives a new one. Built
 * from identities that carry no credentials.
 */
public final class ReplicationId {

    private static final String VERSION = "couchrepl-1";

    private ReplicationId() {}

    public static String derive(String sourceIdentity, String targetIdentity, Map<String, String> feedOptions) {
        StringBuilder key = new StringBuilder(VERSION).append('\n')
                .append(sourceIdentity).append('\n')
                .append(targetIdentity).append('\n');
        new TreeMap<>(feedOptions).forEach((k, v) -> key.append(k).append('=').append(v).append('\n'));
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest(key.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}
