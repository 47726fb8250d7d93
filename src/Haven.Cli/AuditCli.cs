using System.CommandLine;
using Haven.Audit;
using Haven.Crypto;
using Haven.Instance;

namespace Haven.Cli;

/// <summary><c>haven audit verify</c>: checks the hash chain and signatures of the audit log, offline.</summary>
internal static class AuditCli
{
    public static Command Create(DataOption data, TextWriter stdout)
    {
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "A head hash noted earlier (64 hex characters, from the desk's audit page or an earlier run). "
                + "Verification fails unless that hash is still the head or an entry before it. Removing entries from "
                + "the end of the log leaves a shorter chain that is otherwise valid; only this option detects it.",
        };
        var verify = new Command("verify", "Verify the audit log: numbering, hash chain, and each entry's signature. Prints the number of entries and the head hash, lists every problem, and exits 1 when there is any.") { data.Option, expectHead };
        verify.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
            {
                throw new CliException($"{dir.Path} holds no Haven instance.");
            }

            byte[]? expected = null;
            if (result.GetValue(expectHead) is { } text)
            {
                text = text.Trim();
                if (text.Length != 64 || !text.All(char.IsAsciiHexDigit))
                {
                    throw new CliException("--expect-head must be a hash of 64 hexadecimal characters.");
                }

                expected = Hex.Decode(text);
            }

            var report = await AuditVerifier.VerifyChainAsync(dir, expected, cancellationToken);
            await stdout.WriteLineAsync($"{report.Entries} entries; head {Hex.Encode(report.Head)}");
            foreach (var problem in report.Problems)
            {
                await stdout.WriteLineAsync(problem.Seq > 0 ? $"entry {problem.Seq}: {problem.Problem}" : problem.Problem);
            }

            await stdout.WriteLineAsync(report.Intact
                ? "The audit log verifies."
                : $"{report.Problems.Count} problem(s): the audit log has been tampered with.");
            return report.Intact ? 0 : 1;
        });
        return new Command("audit", "Inspect the audit log.") { verify };
    }
}
