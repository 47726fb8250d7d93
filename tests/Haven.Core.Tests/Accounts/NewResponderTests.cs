using Haven.Accounts;
using Haven.Crypto;

namespace Haven.Core.Tests.Accounts;

public sealed class NewResponderTests
{
    [Theory]
    [InlineData("", "a long enough passphrase", "NameInvalid")]
    [InlineData("   ", "a long enough passphrase", "NameInvalid")]
    [InlineData("Bad\nName", "a long enough passphrase", "NameInvalid")]
    [InlineData("Olga", "elevenchars", "PassphraseTooShort")]
    [InlineData("Olga", "twelve chars", "None")]
    public void Validates_name_and_passphrase(string name, string passphrase, string expected) =>
        Assert.Equal(Enum.Parse<ResponderOutcome>(expected), NewResponder.Validate(name, passphrase));

    [Fact]
    public void The_wrapped_keys_open_only_with_the_passphrase_and_match_the_public_keys()
    {
        var (responder, totp) = NewResponder.Create(" Olga ", "a long enough passphrase", ResponderRole.Admin, new DateOnly(2026, 11, 23));
        Assert.Equal("Olga", responder.Name);
        Assert.Equal(32, responder.Id.Length);

        using var right = PassphraseDerivation.Derive("a long enough passphrase", responder.KdfSalt);
        Assert.True(PassphraseDerivation.VerifierMatches(right.Verifier, responder.Verifier));
        Assert.True(KeyWrap.TryUnwrap(responder.WrappedKeys, right.WrappingKey, responder.Id, out var plaintext));
        var secrets = ResponderSecrets.Deserialize(plaintext)!;
        Assert.Equal(totp, secrets.Totp);
        using var box = X25519KeyPair.FromSecretKey(secrets.X25519);
        Assert.Equal(responder.X25519PublicKey, box.PublicKey);
        using var signing = Ed25519KeyPair.FromSecretKey(secrets.Ed25519);
        Assert.Equal(responder.Ed25519PublicKey, signing.PublicKey);

        using var wrong = PassphraseDerivation.Derive("a long enough passphrasE", responder.KdfSalt);
        Assert.False(PassphraseDerivation.VerifierMatches(wrong.Verifier, responder.Verifier));
        Assert.False(KeyWrap.TryUnwrap(responder.WrappedKeys, wrong.WrappingKey, responder.Id, out _));
    }

    [Fact]
    public void Totp_codes_verify_within_one_step_and_not_beyond()
    {
        var secret = TotpCodes.NewSecret();
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var code = TotpCodes.Compute(secret, now);
        Assert.NotNull(TotpCodes.Verify(secret, code, now));
        Assert.NotNull(TotpCodes.Verify(secret, code, now.AddSeconds(30)));
        Assert.Null(TotpCodes.Verify(secret, code, now.AddSeconds(95)));
        Assert.Null(TotpCodes.Verify(secret, "12345", now));
        Assert.Null(TotpCodes.Verify(secret, null, now));
    }
}
