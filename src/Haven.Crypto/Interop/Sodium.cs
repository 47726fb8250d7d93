using System.Runtime.InteropServices;

namespace Haven.Crypto;

/// <summary>
/// Native entry points, grouped the way the .NET runtime groups its own P/Invokes.
/// </summary>
internal static partial class Interop
{
    /// <summary>
    /// A thin, one-to-one P/Invoke layer over the libsodium functions Haven uses (the native library ships
    /// with the <c>libsodium</c> NuGet package).
    /// </summary>
    /// <remarks>
    /// We call libsodium directly rather than through NSec: NSec deliberately hides raw key bytes (Haven must
    /// derive X25519 secret keys from Argon2id output and export them to the operator) and has no sealed box
    /// (<c>crypto_box_seal</c>). Calling the very same C functions as PyNaCl also gives byte-for-byte parity
    /// with the reference decryptor described in docs/protocol.md. Signatures mirror the C prototypes;
    /// <c>unsigned long long</c> is <see cref="ulong"/> and <c>size_t</c> is <see cref="nuint"/>.
    /// The static constructor runs <c>sodium_init</c> exactly once (the runtime serialises type
    /// initialisation) before any other function of this class can be called.
    /// </remarks>
    internal static unsafe partial class Sodium
    {
        private const string Library = "libsodium";

        /// <summary><c>crypto_pwhash_ALG_ARGON2ID13</c>.</summary>
        internal const int CryptoPwhashAlgArgon2id13 = 2;

        internal const int CryptoGenerichashBytesMin = 16;
        internal const int CryptoGenerichashBytesMax = 64;
        internal const int CryptoGenerichashKeyBytesMin = 16;
        internal const int CryptoGenerichashKeyBytesMax = 64;
        internal const int CryptoPwhashBytesMin = 16;
        internal const int CryptoPwhashSaltBytes = 16;
        internal const int CryptoBoxPublicKeyBytes = 32;
        internal const int CryptoBoxSecretKeyBytes = 32;
        internal const int CryptoBoxSealBytes = 48;
        internal const int CryptoAeadXChaCha20Poly1305IetfKeyBytes = 32;
        internal const int CryptoAeadXChaCha20Poly1305IetfNPubBytes = 24;
        internal const int CryptoAeadXChaCha20Poly1305IetfABytes = 16;
        internal const int CryptoSignPublicKeyBytes = 32;
        internal const int CryptoSignSecretKeyBytes = 64;
        internal const int CryptoSignSeedBytes = 32;
        internal const int CryptoSignBytes = 64;
        internal const int CryptoSecretStreamKeyBytes = 32;
        internal const int CryptoSecretStreamHeaderBytes = 24;
        internal const int CryptoSecretStreamABytes = 17;
        internal const byte CryptoSecretStreamTagMessage = 0;
        internal const byte CryptoSecretStreamTagFinal = 3;

        static Sodium()
        {
            if (sodium_init() < 0)
            {
                throw new InvalidOperationException("libsodium could not be initialised (sodium_init failed).");
            }
        }

        [LibraryImport(Library)]
        internal static partial int sodium_init();

        [LibraryImport(Library)]
        internal static partial void randombytes_buf(byte* buf, nuint size);

        [LibraryImport(Library)]
        internal static partial uint randombytes_uniform(uint upperBound);

        [LibraryImport(Library)]
        internal static partial void sodium_memzero(byte* pnt, nuint len);

        /// <summary>
        /// Guarded allocation: the pages are locked against swap (<c>mlock</c>) and excluded from core dumps
        /// (<c>MADV_DONTDUMP</c>), with an inaccessible guard page on each side and a canary. Returns null on failure.
        /// </summary>
        [LibraryImport(Library)]
        internal static partial byte* sodium_malloc(nuint size);

        /// <summary>Wipes, unlocks and unmaps memory from <see cref="sodium_malloc"/>.</summary>
        [LibraryImport(Library)]
        internal static partial void sodium_free(byte* ptr);

        /// <summary>Clears <paramref name="len"/> bytes of the stack below the caller's frame (libsodium 1.0.19+).</summary>
        [LibraryImport(Library)]
        internal static partial void sodium_stackzero(nuint len);

        [LibraryImport(Library)]
        internal static partial int sodium_memcmp(byte* b1, byte* b2, nuint len);

        [LibraryImport(Library)]
        internal static partial int crypto_generichash(byte* output, nuint outlen, byte* input, ulong inlen, byte* key, nuint keylen);

        [LibraryImport(Library)]
        internal static partial int crypto_pwhash(byte* output, ulong outlen, byte* passwd, ulong passwdlen, byte* salt, ulong opslimit, nuint memlimit, int alg);

        [LibraryImport(Library)]
        internal static partial int crypto_scalarmult_base(byte* q, byte* n);

        [LibraryImport(Library)]
        internal static partial int crypto_box_seal(byte* c, byte* m, ulong mlen, byte* pk);

        [LibraryImport(Library)]
        internal static partial int crypto_box_seal_open(byte* m, byte* c, ulong clen, byte* pk, byte* sk);

        [LibraryImport(Library)]
        internal static partial int crypto_aead_xchacha20poly1305_ietf_encrypt(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

        [LibraryImport(Library)]
        internal static partial int crypto_aead_xchacha20poly1305_ietf_decrypt(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);

        [LibraryImport(Library)]
        internal static partial int crypto_sign_keypair(byte* pk, byte* sk);

        [LibraryImport(Library)]
        internal static partial int crypto_sign_seed_keypair(byte* pk, byte* sk, byte* seed);

        [LibraryImport(Library)]
        internal static partial int crypto_sign_detached(byte* sig, ulong* siglen, byte* m, ulong mlen, byte* sk);

        [LibraryImport(Library)]
        internal static partial int crypto_sign_verify_detached(byte* sig, byte* m, ulong mlen, byte* pk);

        [LibraryImport(Library)]
        internal static partial nuint crypto_secretstream_xchacha20poly1305_statebytes();

        [LibraryImport(Library)]
        internal static partial int crypto_secretstream_xchacha20poly1305_init_push(byte* state, byte* header, byte* k);

        [LibraryImport(Library)]
        internal static partial int crypto_secretstream_xchacha20poly1305_push(byte* state, byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte tag);

        [LibraryImport(Library)]
        internal static partial int crypto_secretstream_xchacha20poly1305_init_pull(byte* state, byte* header, byte* k);

        [LibraryImport(Library)]
        internal static partial int crypto_secretstream_xchacha20poly1305_pull(byte* state, byte* m, ulong* mlen, byte* tag, byte* c, ulong clen, byte* ad, ulong adlen);
    }
}
