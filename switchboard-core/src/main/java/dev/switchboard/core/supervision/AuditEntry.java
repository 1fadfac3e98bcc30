package dev.switchboard.core.supervision;

/**
 * An audit record as stored: its place in the log and the SHA-256 chain that makes the log tamper-evident.
 *
 * @param sequence     1 for the first entry, then one more each
 * @param previousHash the hash of the entry before (64 zeros for the first)
 * @param hash         SHA-256 of {@code previousHash} and the record's canonical text, in lowercase hex
 */
public record AuditEntry(long sequence, AuditRecord record, String previousHash, String hash) {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash an entry with this previous hash and record must have. */
    public static String hashOf(String previousHash, AuditRecord record) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(record.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether a list of entries, oldest first from the first one, forms an unbroken chain. */
    public static boolean chainValid(java.util.List<AuditEntry> entries) {
        String previous = GENESIS;
        long sequence = 1;
        for (AuditEntry entry : entries) {
            if (entry.sequence() != sequence++ || !entry.previousHash().equals(previous)
                    || !entry.hash().equals(hashOf(previous, entry.record()))) {
                return false;
            }
            previous = entry.hash();
        }
        return true;
    }
}
