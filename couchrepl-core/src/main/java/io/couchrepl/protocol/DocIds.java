package io.couchrepl.protocol;

/** Facts about document ids that every stage relies on. */
public final class DocIds {

    private DocIds() {}

    /** {@code _local/} documents stay on the database that holds them: never listed, never replicated. */
    public static boolean isLocal(String id) {
        return id.startsWith("_local/");
    }

    /** Orders ids by Unicode code point, as CouchDB's raw collation and most tools (Python, jq) sort strings. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
