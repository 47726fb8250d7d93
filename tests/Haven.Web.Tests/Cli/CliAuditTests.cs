using Haven.Audit;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Audit;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// <c>haven audit verify</c> and <see cref="AuditVerifier"/> on a real instance after several actions, and
/// on the same instance tampered with in each way the log must reveal.
/// </summary>
public sealed class CliAuditTests
{
    [Fact]
    public async Task An_untouched_log_verifies_and_the_head_is_printed()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();
        var count = await AuditScenario.CountAsync(server.DataPath);
        var head = Hex.Encode(await AuditScenario.ReadBlobAsync(server.DataPath, "hash", count));

        var result = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{count} entries; head {head}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("The audit log verifies.", result.Stdout, StringComparison.Ordinal);
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal(count, report.Entries);
        Assert.Equal(head, Hex.Encode(report.Head));

        var expected = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath, "--expect-head", head.ToUpperInvariant());
        Assert.True(expected.ExitCode == 0, expected.ToString());
    }

    [Fact]
    public async Task An_edited_entry_is_found()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();
        await AuditScenario.ExecuteAsync(server.DataPath, "UPDATE audit_entries SET action = 'case.viewed' WHERE seq = 3");

        await AssertBrokenAsync(server.DataPath, 3, AuditProblemKind.Hash, "edited");
    }

    [Fact]
    public async Task An_entry_removed_from_the_middle_is_found()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();
        await AuditScenario.ExecuteAsync(server.DataPath, "DELETE FROM audit_entries WHERE seq = 4");

        await AssertBrokenAsync(server.DataPath, 5, AuditProblemKind.Sequence, "missing or out of order");
    }

    [Fact]
    public async Task Two_swapped_entries_are_found()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();
        await AuditScenario.ExecuteAsync(server.DataPath, "UPDATE audit_entries SET seq = -1 WHERE seq = 5; UPDATE audit_entries SET seq = 5 WHERE seq = 6; UPDATE audit_entries SET seq = 6 WHERE seq = -1;");

        var report = await AssertBrokenAsync(server.DataPath, 5, AuditProblemKind.Link, "does not link");
        Assert.Contains(report.Problems, p => p.Seq == 6 && p.Kind == AuditProblemKind.Link);
    }

    [Fact]
    public async Task A_forged_signature_is_found()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();

        // The hash still matches the entry; only the signature is someone else's.
        var hash = await AuditScenario.ReadBlobAsync(server.DataPath, "hash", 2);
        using var forger = Ed25519KeyPair.Generate();
        await AuditScenario.ExecuteAsync(server.DataPath, "UPDATE audit_entries SET signature = @sig WHERE seq = 2", ("@sig", forger.Sign(hash)));

        var report = await AssertBrokenAsync(server.DataPath, 2, AuditProblemKind.Signature, "signature is not the actor's");
        Assert.Single(report.Problems);
    }

    [Fact]
    public async Task Truncation_from_the_end_is_found_only_with_the_expected_head()
    {
        await using var server = await AuditScenario.RunAsync();
        await server.StopAsync();
        var count = await AuditScenario.CountAsync(server.DataPath);
        var head = Hex.Encode(await AuditScenario.ReadBlobAsync(server.DataPath, "hash", count));
        var earlier = Hex.Encode(await AuditScenario.ReadBlobAsync(server.DataPath, "hash", count - 3));

        await AuditScenario.ExecuteAsync(server.DataPath, "DELETE FROM audit_entries WHERE seq > @keep", ("@keep", count - 2));

        // What is left is a valid chain: without a noted head nothing can tell.
        var plain = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains($"{count - 2} entries", plain.Stdout, StringComparison.Ordinal);

        var truncated = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath, "--expect-head", head);
        Assert.Equal(1, truncated.ExitCode);
        Assert.Contains("removed from the end", truncated.Stdout, StringComparison.Ordinal);
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), Hex.Decode(head), CancellationToken.None);
        Assert.Equal(AuditProblemKind.HeadMissing, Assert.Single(report.Problems).Kind);

        // A hash noted before entries that are still there is fine: the log has only grown since.
        var grown = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath, "--expect-head", earlier);
        Assert.True(grown.ExitCode == 0, grown.ToString());
    }

    [Fact]
    public async Task The_help_explains_what_expect_head_is_for()
    {
        var help = await CliRunner.RunAsync("audit", "verify", "--help");
        Assert.Contains("--expect-head", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("removing entries from the end", help.Stdout.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_expected_head_or_a_missing_instance_is_an_operator_error()
    {
        using var temp = new TempFolder();
        var missing = await CliRunner.RunAsync("audit", "verify", "--data", temp["nothing"]);
        Assert.Equal(2, missing.ExitCode);
        CliInitTests.AssertClearError(missing);

        var data = await CliResponderTests.InitAsync(temp);
        var bad = await CliRunner.RunAsync("audit", "verify", "--data", data, "--expect-head", "xyz");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("64 hexadecimal", bad.Stderr, StringComparison.Ordinal);

        // A new instance's log holds init's instance.setup alone.
        var fresh = await CliRunner.RunAsync("audit", "verify", "--data", data);
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains("1 entries", fresh.Stdout, StringComparison.Ordinal);
    }

    private static async Task<AuditReport> AssertBrokenAsync(string dataPath, long seq, AuditProblemKind kind, string text)
    {
        var result = await CliRunner.RunAsync("audit", "verify", "--data", dataPath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"entry {seq}: ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(text, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tampered with", result.Stdout, StringComparison.Ordinal);

        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(dataPath), null, CancellationToken.None);
        Assert.False(report.Intact);
        Assert.Contains(report.Problems, p => p.Seq == seq && p.Kind == kind);
        return report;
    }
}
