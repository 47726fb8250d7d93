namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Every audited write goes through <c>AuditedWriter</c> (docs/architecture.md, "Write path rules"): no other
/// source file saves a context or begins a transaction, except the few named here with the reason why.
/// </summary>
public sealed class WritePathTests
{
    /// <summary>Files allowed to save or begin on their own, relative to src/, each for a stated reason.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Haven.Core/Audit/AuditedWriter.cs"] = "the writer itself",
        ["Haven.Core/Instance/AddResponderCommand.cs"] = "adds a responder outside any session (set-up, haven responder add); no action to audit",
        ["Haven.Core/Backup/BackupCommand.cs"] = "reads a snapshot in a read-only transaction",
        ["Haven.Core/Backup/RestoreCommand.cs"] = "replaces the whole database in its own transaction, offline",
        ["Haven.Core/Mail/OutboxSender.cs"] = "the mail sender claims outbox rows and records SMTP answers (with a letter's count): a machine's work, no person's action to audit",
        ["Haven.Core/Alerts/AlertJob.cs"] = "takes the write lock itself, then its transaction; an alert is not audited (content-free, no actor)",
        ["Haven.Web/Hosting/DatabaseKeyRingRepository.cs"] = "stores a data-protection key (encrypted, shared by the nodes) under its own advisory lock: the framework's housekeeping, no person's action to audit",
        ["Haven.Cli/WipeCli.cs"] = "haven wipe drops Haven's tables in one transaction: it destroys the instance and its audit log with it, nothing is left to audit into",
        ["Haven.Core/Files/SharedQuota.cs"] = "reserves quota bytes for an upload in flight (PostgreSQL, several nodes) under the advisory lock haven.quota in its own transaction: bookkeeping of no person's action, deleted when the upload ends",
    };

    [Fact]
    public void Only_the_audited_writer_saves_a_context_or_begins_a_transaction()
    {
        var src = Path.Combine(ConventionTests.RepositoryRoot(), "src");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            if (relative.Contains("/Migrations/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || Allowed.ContainsKey(relative))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (var call in new[] { "SaveChangesAsync(", "SaveChanges(", "BeginTransactionAsync(", "BeginTransaction(" })
            {
                if (text.Contains(call, StringComparison.Ordinal))
                {
                    offenders.Add($"{relative}: {call}");
                }
            }
        }

        Assert.Empty(offenders);
    }
}
