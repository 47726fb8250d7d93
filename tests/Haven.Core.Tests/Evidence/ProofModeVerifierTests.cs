using System.Text;
using Haven.Evidence;
using Haven.Tests;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Evidence;

/// <summary>
/// <see cref="ProofModeVerifier"/> on bundles built with real gpg keys (made once for the class): a good bundle
/// passes every check with gpg's fingerprint; each kind of damage fails the check it concerns and names why;
/// hostile zips are refused with their reason and never throw.
/// </summary>
public sealed class ProofModeVerifierTests(GpgKeys gpg) : IClassFixture<GpgKeys>
{
    private static ProofModeVerifier Verifier(EvidenceOptions? options = null) => new(Options.Create(options ?? new EvidenceOptions()));

    private static ProofModeReport Verify(byte[] zip, EvidenceOptions? options = null) => Verifier(options).Verify(zip, zip.Length);

    private static ProofCheck Check(ProofModeReport report, ProofCheckKind kind) => Assert.Single(Assert.Single(report.Proofs).Checks, c => c.Kind == kind);

    [Fact]
    public void A_bundle_made_with_gpg_passes_every_check_with_gpgs_fingerprint_the_capture_time_and_the_claims()
    {
        var media = ProofModeBundle.Media();
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media, notes: "checkpoint at the bridge")));

        Assert.Equal(ProofModeOutcome.Checked, report.Outcome);
        Assert.True(report.Valid);
        Assert.Equal(ProofCheckStatus.Passed, report.Key!.Status);
        Assert.Equal(gpg.Signer, report.Key.Fingerprint);
        Assert.Equal(["ProofMode test <signer@proofmode.test>"], report.Key.UserIds);
        var proof = Assert.Single(report.Proofs);
        Assert.Equal(ProofModeBundle.Sha256(media), proof.Hash);
        Assert.Equal("PXL_20261205_101500123.jpg", proof.MediaName);
        Assert.Equal(
            [ProofCheckKind.MediaSignature, ProofCheckKind.MediaHash, ProofCheckKind.ProofJsonSignature, ProofCheckKind.ProofCsvSignature, ProofCheckKind.Claims],
            proof.Checks.Select(c => c.Kind));
        Assert.All(proof.Checks, c => Assert.Equal(ProofCheckStatus.Passed, c.Status));
        Assert.Equal(ProofModeBundle.Sha256(media), Check(report, ProofCheckKind.MediaHash).Found);
        Assert.EndsWith(Check(report, ProofCheckKind.MediaSignature).Found!, gpg.Signer, StringComparison.Ordinal);
        Assert.Equal("2026-12-05T10:15:00.123Z", proof.CaptureTime);
        Assert.Equal(("43.3169", "45.6981"), (proof.Latitude, proof.Longitude));
        Assert.Contains(new ProofClaim("Notes", "checkpoint at the bridge"), proof.Claims);
    }

    [Fact]
    public void A_changed_byte_in_the_media_file_fails_the_hash_and_the_media_signature_and_nothing_else()
    {
        var media = ProofModeBundle.Media();
        var entries = ProofModeBundle.Entries(gpg, media);
        var changed = (byte[])media.Clone();
        changed[1000] ^= 0x01;
        var report = Verify(ProofModeBundle.Zip(entries.With("PXL_20261205_101500123.jpg", changed)));

        Assert.False(report.Valid);
        var hash = Check(report, ProofCheckKind.MediaHash);
        Assert.Equal(ProofCheckStatus.Failed, hash.Status);
        Assert.Equal(ProofModeBundle.Sha256(changed), hash.Found);
        Assert.Equal(ProofModeBundle.Sha256(media), hash.Expected);
        Assert.Equal(ProofCheckStatus.Failed, Check(report, ProofCheckKind.MediaSignature).Status);
        Assert.Equal(ProofCheckStatus.Passed, Check(report, ProofCheckKind.ProofJsonSignature).Status);
    }

    [Fact]
    public void A_media_signature_by_another_key_is_named_with_that_keys_id()
    {
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With($"{hash}.asc", gpg.Sign(gpg.Other, media))));

        Assert.False(report.Valid);
        var signature = Check(report, ProofCheckKind.MediaSignature);
        Assert.Equal(ProofCheckStatus.OtherKey, signature.Status);
        Assert.EndsWith(signature.Found!, gpg.Other, StringComparison.Ordinal);
        Assert.Equal(ProofCheckStatus.Passed, Check(report, ProofCheckKind.MediaHash).Status);
    }

    [Fact]
    public void A_public_key_swapped_for_another_makes_every_signature_another_keys()
    {
        var media = ProofModeBundle.Media();
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With("pubkey.asc", gpg.PublicKey(gpg.Other))));

        Assert.False(report.Valid);
        Assert.Equal(gpg.Other, report.Key!.Fingerprint);
        Assert.All(Assert.Single(report.Proofs).Checks.Where(c => c.Kind.ToString().EndsWith("Signature", StringComparison.Ordinal)), c => Assert.Equal(ProofCheckStatus.OtherKey, c.Status));
    }

    [Fact]
    public void A_proof_changed_after_signing_fails_its_signature()
    {
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var entries = ProofModeBundle.Entries(gpg, media);
        var json = Encoding.UTF8.GetString(entries.Single(e => e.Name == $"{hash}.proof.json").Bytes).Replace("43.3169", "55.7558", StringComparison.Ordinal);
        var report = Verify(ProofModeBundle.Zip(entries.With($"{hash}.proof.json", Encoding.UTF8.GetBytes(json))));

        Assert.False(report.Valid);
        Assert.Equal(ProofCheckStatus.Failed, Check(report, ProofCheckKind.ProofJsonSignature).Status);
        Assert.Equal(ProofCheckStatus.Passed, Check(report, ProofCheckKind.MediaSignature).Status);
        Assert.Equal(ProofCheckStatus.Passed, Check(report, ProofCheckKind.ProofCsvSignature).Status);
    }

    [Fact]
    public void A_corrupted_signature_file_is_named_unreadable()
    {
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var entries = ProofModeBundle.Entries(gpg, media);
        var armored = Encoding.ASCII.GetString(entries.Single(e => e.Name == $"{hash}.asc").Bytes);
        var body = armored.IndexOf("\n\n", StringComparison.Ordinal) + 12;
        var corrupted = armored[..body] + (armored[body] == 'A' ? 'B' : 'A') + armored[(body + 1)..];
        var report = Verify(ProofModeBundle.Zip(entries.With($"{hash}.asc", Encoding.ASCII.GetBytes(corrupted))));

        Assert.False(report.Valid);
        Assert.Contains(Check(report, ProofCheckKind.MediaSignature).Status, new[] { ProofCheckStatus.Unreadable, ProofCheckStatus.Failed });
    }

    [Fact]
    public void A_missing_media_signature_or_proof_signature_is_named_missing()
    {
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With($"{hash}.asc", null).With($"{hash}.proof.json.asc", null)));

        Assert.False(report.Valid);
        Assert.Equal(ProofCheckStatus.Missing, Check(report, ProofCheckKind.MediaSignature).Status);
        Assert.Equal(ProofCheckStatus.Missing, Check(report, ProofCheckKind.ProofJsonSignature).Status);
        Assert.Equal(ProofCheckStatus.Passed, Check(report, ProofCheckKind.MediaHash).Status);
    }

    [Fact]
    public void A_missing_public_key_is_named_and_no_signature_counts_as_checked()
    {
        var media = ProofModeBundle.Media();
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With("pubkey.asc", null)));

        Assert.False(report.Valid);
        Assert.Equal(ProofCheckStatus.Missing, report.Key!.Status);
        Assert.Equal(ProofCheckStatus.NoKey, Check(report, ProofCheckKind.MediaSignature).Status);
        Assert.Equal(ProofCheckStatus.NoKey, Check(report, ProofCheckKind.ProofJsonSignature).Status);
    }

    [Fact]
    public void A_missing_media_file_is_named()
    {
        var media = ProofModeBundle.Media();
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With("PXL_20261205_101500123.jpg", null)));

        Assert.False(report.Valid);
        Assert.Equal(ProofCheckStatus.Missing, Check(report, ProofCheckKind.MediaHash).Status);
        Assert.Equal(ProofCheckStatus.Missing, Check(report, ProofCheckKind.MediaSignature).Status);
    }

    [Fact]
    public void A_proof_whose_content_claims_another_hash_than_its_name_is_named()
    {
        var media = ProofModeBundle.Media();
        var hash = ProofModeBundle.Sha256(media);
        var other = ProofModeBundle.Sha256([1, 2, 3]);
        var json = Encoding.UTF8.GetBytes($"{{\"File Hash SHA256\":\"{other}\"}}");
        var report = Verify(ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With($"{hash}.proof.json", json).With($"{hash}.proof.json.asc", gpg.Sign(gpg.Signer, json))));

        var check = Check(report, ProofCheckKind.MediaHash);
        Assert.Equal(ProofCheckStatus.ClaimDiffers, check.Status);
        Assert.Equal((other, hash), (check.Found, check.Expected));
    }

    [Fact]
    public void Not_a_zip_is_not_a_bundle_and_a_zip_without_proofs_is_not_proof_mode()
    {
        Assert.Equal(ProofModeOutcome.NotZip, Verify("just a photo"u8.ToArray()).Outcome);
        Assert.Equal(ProofModeOutcome.NotZip, Verify([]).Outcome);
        Assert.Equal(ProofModeOutcome.NotProofMode, Verify(ProofModeBundle.Zip([("notes.txt", "hello"u8.ToArray())])).Outcome);
    }

    [Theory]
    [InlineData("../../etc/cron.d/evil")]
    [InlineData("/etc/passwd")]
    [InlineData("proofs/../../x.asc")]
    [InlineData("C:\\Windows\\x.asc")]
    [InlineData("name\u0000.jpg")]
    public void An_entry_whose_name_is_a_path_out_of_the_zip_refuses_the_bundle(string name)
    {
        var entries = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000));
        entries.Add((name, "x"u8.ToArray()));
        var report = Verify(ProofModeBundle.Zip(entries));

        Assert.Equal(ProofModeOutcome.Refused, report.Outcome);
        Assert.Equal(ProofModeRefusal.HostileName, report.Refusal);
        Assert.Empty(report.Proofs);
    }

    [Fact]
    public void A_zip_bomb_is_refused_once_its_expansion_passes_the_limit()
    {
        var entries = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000));
        entries.Add(("bomb.mp4", new byte[64 * 1024 * 1024]));
        var zip = ProofModeBundle.Zip(entries);
        Assert.True(zip.Length < 1024 * 1024, $"The bomb should be small: {zip.Length}");

        var report = Verify(zip, new EvidenceOptions { MaxExpandedBytes = 16 * 1024 * 1024 });

        Assert.Equal(ProofModeOutcome.Refused, report.Outcome);
        Assert.Equal(ProofModeRefusal.ExpandsTooMuch, report.Refusal);
    }

    [Fact]
    public void A_huge_signature_or_key_entry_is_refused()
    {
        var entries = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000)).With("pubkey.asc", new byte[8 * 1024 * 1024]);
        var report = Verify(ProofModeBundle.Zip(entries));

        Assert.Equal(ProofModeOutcome.Refused, report.Outcome);
        Assert.Equal(ProofModeRefusal.EntryTooLarge, report.Refusal);
    }

    [Fact]
    public void Too_many_entries_two_entries_of_one_name_and_a_bundle_over_the_size_limit_are_refused()
    {
        var many = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000));
        many.AddRange(Enumerable.Range(0, 300).Select(i => ($"extra-{i}.txt", new byte[1])));
        Assert.Equal(ProofModeRefusal.TooManyEntries, Verify(ProofModeBundle.Zip(many)).Refusal);

        var twice = ProofModeBundle.Entries(gpg, ProofModeBundle.Media(1000));
        twice.Add(("folder/pubkey.asc", gpg.PublicKey(gpg.Other)));
        Assert.Equal(ProofModeRefusal.DuplicateName, Verify(ProofModeBundle.Zip(twice)).Refusal);

        var large = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, ProofModeBundle.Media(300_000)));
        Assert.Equal(ProofModeOutcome.TooLarge, Verify(large, new EvidenceOptions { MaxBundleBytes = 100_000 }).Outcome);
    }

    [Fact]
    public void A_cut_or_damaged_zip_is_refused_as_unreadable_and_never_throws()
    {
        var zip = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, ProofModeBundle.Media()));
        Assert.Equal(ProofModeRefusal.Unreadable, Verify(zip[..(zip.Length / 2)]).Refusal);

        // A flipped byte inside the compressed media: the entry's CRC-32 no longer matches.
        var damaged = (byte[])zip.Clone();
        damaged[5000] ^= 0xFF;
        var report = Verify(damaged);
        Assert.True(report.Outcome == ProofModeOutcome.Refused || !report.Valid, "A damaged zip must not verify.");

        // Random bytes after a zip signature, at every length up to 300.
        var random = new Random(16);
        for (var length = 4; length < 300; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            "PK\u0003\u0004"u8.CopyTo(bytes);
            Assert.NotEqual(ProofModeOutcome.Checked, Verify(bytes).Outcome);
        }
    }

    [Fact]
    public void Damaged_keys_and_signatures_byte_by_byte_are_answered_with_a_status_and_never_throw()
    {
        var media = ProofModeBundle.Media(2000);
        var hash = ProofModeBundle.Sha256(media);
        var entries = ProofModeBundle.Entries(gpg, media);
        var signature = entries.Single(e => e.Name == $"{hash}.asc").Bytes;
        var key = entries.Single(e => e.Name == "pubkey.asc").Bytes;
        var binarySignature = Org.BouncyCastle.Utilities.Encoders.Base64.Decode(string.Concat(Encoding.ASCII.GetString(signature).Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal) && !l.StartsWith('=') && !l.Contains(':', StringComparison.Ordinal))));
        var random = new Random(3);
        for (var i = 0; i < 60; i++)
        {
            var damagedSignature = (byte[])binarySignature.Clone();
            damagedSignature[random.Next(damagedSignature.Length)] = (byte)random.Next(256);
            var damagedKey = (byte[])key.Clone();
            damagedKey[random.Next(40, damagedKey.Length - 40)] = (byte)random.Next(256);
            var report = Verify(ProofModeBundle.Zip(entries.With($"{hash}.asc", damagedSignature).With("pubkey.asc", i % 2 == 0 ? key : damagedKey)));
            // Some bytes (the unhashed subpackets, the 16-bit quick check) are not covered by the signature, so
            // a damaged one may still verify; what matters is that every result is a named status, never a throw.
            Assert.Equal(ProofModeOutcome.Checked, report.Outcome);
            Assert.True(Enum.IsDefined(Check(report, ProofCheckKind.MediaSignature).Status));
        }
    }

    [Fact]
    public void The_options_refuse_limits_out_of_range()
    {
        Assert.Null(new EvidenceOptions().Problem());
        Assert.Contains("MaxBundleBytes", new EvidenceOptions { MaxBundleBytes = 0 }.Problem(), StringComparison.Ordinal);
        Assert.Contains("MaxEntries", new EvidenceOptions { MaxEntries = 1 }.Problem(), StringComparison.Ordinal);
        Assert.Contains("MaxExpandedBytes", new EvidenceOptions { MaxExpandedBytes = 1 }.Problem(), StringComparison.Ordinal);
    }
}
