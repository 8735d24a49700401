package dev.provenant.lineage.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs ledger checkpoints (JDK only). Its id is {@code ed25519:} followed by
 * the first 16 hex digits of the SHA-256 of the public key's X.509 encoding.
 *
 * <p>{@code LedgerKey key = LedgerKey.loadOrCreate(home.resolve("ledger-key"));}
 */
public final class LedgerKey {

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String id;
    private final String source;

    private LedgerKey(PrivateKey privateKey, PublicKey publicKey, String source) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.id = idOf(publicKey);
        this.source = source;
    }

    /** A new random key (tests, first start). */
    public static LedgerKey generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new LedgerKey(kp.getPrivate(), kp.getPublic(), "generated");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * The key in {@code file} (PEM or DER PKCS#8); when the file does not exist, a new key is
     * created there with mode 600.
     */
    public static LedgerKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return fromPkcs8(Files.readAllBytes(file), file.toString());
            }
            LedgerKey key = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] pem = key.privateKeyPem().getBytes(StandardCharsets.US_ASCII);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
                return fromPkcs8(Files.readAllBytes(file), file.toString());
            }
            Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
            return new LedgerKey(key.privateKey, key.publicKey, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger signing key " + file, e);
        }
    }

    /**
     * A key from configuration: a PEM block, base64 of DER PKCS#8, or a path to a file holding
     * either.
     */
    public static LedgerKey fromConfiguration(String value) {
        String v = value.trim();
        if (v.startsWith(PEM_BEGIN)) {
            return fromPkcs8(v.getBytes(StandardCharsets.US_ASCII), "configuration");
        }
        if (!v.contains("\n") && v.length() < 4096 && Files.isRegularFile(Path.of(v))) {
            try {
                return fromPkcs8(Files.readAllBytes(Path.of(v)), v);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger key file " + v, e);
            }
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("provenant.ledger.private-key is neither a PEM private key, base64"
                    + " of a DER PKCS#8 Ed25519 key, nor a readable file: '" + abbreviate(v) + "'");
        }
        return fromPkcs8(der, "configuration");
    }

    static LedgerKey fromPkcs8(byte[] bytes, String source) {
        byte[] der = bytes;
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        if (text.startsWith(PEM_BEGIN)) {
            String body =
                    text.substring(PEM_BEGIN.length(), text.indexOf(PEM_END)).replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        }
        try {
            PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new LedgerKey(priv, publicOf(priv), source);
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("ledger key from " + source + " is not a PKCS#8 Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * The JDK has no "public key of this private key" call; regenerating the pair from a random
     * source that yields the private key's bytes gives exactly its public key.
     */
    private static PublicKey publicOf(PrivateKey priv) throws GeneralSecurityException {
        byte[] raw = ((EdECPrivateKey) priv)
                .getBytes()
                .orElseThrow(() -> new InvalidKeySpecException("private key bytes not available"));
        SecureRandom replay = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(raw, 0, bytes, 0, Math.min(raw.length, bytes.length));
            }
        };
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, replay);
        return g.generateKeyPair().getPublic();
    }

    /** A public key from base64 of its X.509 encoding (as {@link #publicKeyBase64()} prints it). */
    public static PublicKey publicKeyFromBase64(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (InvalidKeySpecException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key: '" + abbreviate(base64) + "'");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** {@code ed25519:<16 hex>} of a public key. */
    public static String idOf(PublicKey key) {
        byte[] h = EventEncoding.sha256().digest(key.getEncoded());
        return "ed25519:" + HexFormat.of().formatHex(h, 0, 8);
    }

    /** Signs {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is a valid signature of {@code message} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String id() {
        return id;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Base64 of the public key's X.509 (SubjectPublicKeyInfo) encoding. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** Where the key came from: a file path, "configuration" or "generated". */
    public String source() {
        return source;
    }

    String privateKeyPem() {
        return PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(privateKey.getEncoded())
                + "\n" + PEM_END + "\n";
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "...";
    }

    @Override
    public String toString() {
        return id + " (" + source + ")";
    }
}
