using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Haven.Crypto;
using Haven.Instance;
using Microsoft.Extensions.Options;

namespace Haven.Act.Letters;

/// <summary>
/// The one-time tokens of the public letter and declaration forms (the replay guard, docs/protocol.md "Act: form
/// tokens"). A token is <c>nonce(16) || expires(8, big-endian Unix seconds) || tag(16)</c> in base64url, where
/// <c>tag = BLAKE2b(16, action id || nonce || expires, key = F)</c> and
/// <c>F = BLAKE2b(32, "haven/v1/act-form-key", key = pepper)</c>. Nothing is stored when a form is shown; when it
/// is used, <see cref="UsedHash"/> (<c>BLAKE2b(32, nonce, key = U)</c>, <c>U = BLAKE2b(32,
/// "haven/v1/act-form-used-key", key = pepper)</c>) goes into <c>action_form_tokens</c>, whose key refuses a second
/// insert of the same token.
/// </summary>
internal sealed class ActFormTokens(InstanceState instance, IOptions<ActOptions> options, TimeProvider clock)
{
    private const int NonceLength = 16;
    private const int TagLength = 16;
    private const int TokenLength = NonceLength + 8 + TagLength;

    /// <summary>A new token for a form of the action <paramref name="actionId"/>, valid for <see cref="ActOptions.FormTokenHours"/>.</summary>
    public string Issue(string actionId)
    {
        var bytes = new byte[TokenLength];
        RandomNumberGenerator.Fill(bytes.AsSpan(0, NonceLength));
        var expires = clock.GetUtcNow().AddHours(options.Value.FormTokenHours).ToUnixTimeSeconds();
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(NonceLength, 8), expires);
        Tag(actionId, bytes.AsSpan(0, NonceLength + 8)).CopyTo(bytes.AsSpan(NonceLength + 8));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Checks <paramref name="token"/> for <paramref name="actionId"/>: its tag and its expiry. On success gives the
    /// keyed hash to store as used and when that row may be purged.
    /// </summary>
    public bool TryCheck(string? token, string actionId, out string usedHash, out DateTimeOffset expiresAt)
    {
        usedHash = "";
        expiresAt = default;
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return false;
        }

        var bytes = new byte[TokenLength + 4];
        if (!Base64Url.IsValid(token) || Base64Url.GetMaxDecodedLength(token.Length) > bytes.Length
            || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != TokenLength)
        {
            return false;
        }

        var expected = Tag(actionId, bytes.AsSpan(0, NonceLength + 8));
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(NonceLength + 8, TagLength)))
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(NonceLength, 8)));
        if (expiresAt <= clock.GetUtcNow())
        {
            return false;
        }

        usedHash = UsedHash(bytes.AsSpan(0, NonceLength));
        return true;
    }

    private byte[] Tag(string actionId, ReadOnlySpan<byte> nonceAndExpiry)
    {
        var key = Key("haven/v1/act-form-key");
        try
        {
            var id = Encoding.ASCII.GetBytes(actionId);
            var message = new byte[id.Length + nonceAndExpiry.Length];
            id.CopyTo(message, 0);
            nonceAndExpiry.CopyTo(message.AsSpan(id.Length));
            return Blake2b.Hash(TagLength, message, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private string UsedHash(ReadOnlySpan<byte> nonce)
    {
        var key = Key("haven/v1/act-form-used-key");
        try
        {
            return Convert.ToHexStringLower(Blake2b.Hash(32, nonce, key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] Key(string context) => Blake2b.Hash(32, Encoding.ASCII.GetBytes(context), instance.Required.Pepper);
}
