using System.Buffers.Text;
using System.Text;
using Haven.Crypto;

namespace Haven.Accounts;

/// <summary>
/// Invitation tokens: 32 random bytes in base64url, handed out once as a link. The database keeps only
/// <c>BLAKE2b(32, ASCII(token))</c>, so a stolen database gives no usable link.
/// </summary>
internal static class InvitationTokens
{
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(SodiumRandom.Bytes(32));

    /// <summary>The stored hash of a token, or null when the text cannot be a token at all.</summary>
    public static byte[]? Hash(string? token)
    {
        if (token is not { Length: Length } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        return Blake2b.Hash(32, Encoding.ASCII.GetBytes(token), []);
    }
}
