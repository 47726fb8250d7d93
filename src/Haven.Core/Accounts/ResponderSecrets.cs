using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Accounts;

/// <summary>
/// The JSON wrapped under the passphrase (protocol.md, "Responders"). The secret keys are read into pinned
/// arrays, which <see cref="Wipe"/> clears: the garbage collector never moves them, so no stale copy stays behind.
/// </summary>
internal sealed class ResponderSecrets
{
    [JsonPropertyName("x25519")]
    [JsonConverter(typeof(PinnedBase64Converter))]
    public byte[] X25519 { get; set; } = [];

    [JsonPropertyName("ed25519")]
    [JsonConverter(typeof(PinnedBase64Converter))]
    public byte[] Ed25519 { get; set; } = [];

    [JsonPropertyName("totp")]
    public string Totp { get; set; } = "";

    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static ResponderSecrets? Deserialize(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<ResponderSecrets>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Wipe()
    {
        Array.Clear(X25519);
        Array.Clear(Ed25519);
    }

    /// <summary>
    /// Base64 to a pinned array, through pinned buffers only, each wiped at once (the framework's own reader
    /// would leave the key in a movable array and the unescaped text in a pooled buffer).
    /// </summary>
    private sealed class PinnedBase64Converter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence)
            {
                throw new JsonException("A key must be a base64 string.");
            }

            // The writer escapes "+" as \u002B, so the text usually has to be unescaped first.
            var text = GC.AllocateArray<byte>(reader.ValueSpan.Length, pinned: true);
            var decoded = GC.AllocateArray<byte>(Base64.GetMaxDecodedFromUtf8Length(text.Length), pinned: true);
            try
            {
                var length = reader.ValueIsEscaped ? reader.CopyString(text) : Copy(reader.ValueSpan, text);
                if (Base64.DecodeFromUtf8(text.AsSpan(0, length), decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
                {
                    throw new JsonException("A key is not valid base64.");
                }

                var key = GC.AllocateArray<byte>(written, pinned: true);
                decoded.AsSpan(0, written).CopyTo(key);
                return key;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(text);
                CryptographicOperations.ZeroMemory(decoded);
            }
        }

        public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteBase64StringValue(value);

        private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
        {
            from.CopyTo(to);
            return from.Length;
        }
    }
}
