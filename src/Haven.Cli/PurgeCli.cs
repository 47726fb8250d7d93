using System.CommandLine;
using System.Globalization;
using Haven.Audit;
using Haven.Cases;
using Haven.Files;
using Haven.Instance;
using Haven.Retention;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Cli;

/// <summary>
/// <c>haven purge</c>: runs the retention purge now, the same one the web host runs every hour. The policy is
/// read like the web host reads it from its environment (<c>Haven__Retention__ClosedDays</c>,
/// <c>Haven__Retention__InactiveDays</c>); <c>--closed-days</c> and <c>--inactive-days</c> override it. It
/// is printed before anything is deleted, so that a mismatch with the server's settings is visible.
/// </summary>
internal static class PurgeCli
{
    public static Command Create(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only count the cases that would be purged; change nothing." };
        var closedDays = new Option<int?>("--closed-days") { Description = "Purge Safe and Closed cases this many days after they ended (default: Haven__Retention__ClosedDays, then 90)." };
        var inactiveDays = new Option<int?>("--inactive-days") { Description = "Purge any case this many days after its last message or reply (default: Haven__Retention__InactiveDays, then 180)." };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "purge",
            "Delete for good the cases due under the retention policy: their records, key seals, source and checklist ticks, "
            + "audited as case.purged; then truncate the write-ahead log. Prints how many cases were (or would be) purged.")
        { data.Option, dryRun, closedDays, inactiveDays, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
            {
                throw new CliException($"{dir.Path} holds no Haven instance.");
            }

            // The CLI warns nobody, so the desk's warning period must not constrain the day counts given here
            // (with the default of 7, `--closed-days 5` would otherwise be refused as invalid).
            var overrides = new Dictionary<string, string?> { ["Haven:Retention:WarningDays"] = "0" };
            if (result.GetValue(closedDays) is { } closed)
            {
                overrides["Haven:Retention:ClosedDays"] = closed.ToString(CultureInfo.InvariantCulture);
            }

            if (result.GetValue(inactiveDays) is { } inactive)
            {
                overrides["Haven:Retention:InactiveDays"] = inactive.ToString(CultureInfo.InvariantCulture);
            }

            // A dry run only reads, beside a running server; a purge deletes, so it must be the folder's only writer.
            using var held = result.GetValue(dryRun) ? null : DataOption.Lock(dir);
            var configuration = new ConfigurationBuilder().AddConfiguration(DataOption.Configuration()).AddInMemoryCollection(overrides).Build();
            var services = new ServiceCollection()
                .AddSingleton(TimeProvider.System)
                .AddSingleton(new InstanceState(dir))
                .AddSingleton(AuditServiceCollectionExtensions.WriteLockFor(dir))
                .AddSingleton<ISaveStep, RecordNumbering>()
                .AddSingleton<AuditedWriter>()
                .AddSingleton<Record.Index.CodingIndex>() // empty here: no server runs beside a purge, so no decrypted coding is held
                .AddHavenStorage(dir)
                .AddHavenRetention(configuration)
                .AddHavenFiles(configuration);
            await using var provider = services.BuildServiceProvider();

            RetentionOptions options;
            try
            {
                options = provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
            }
            catch (OptionsValidationException e)
            {
                throw new CliException(e.Message);
            }

            await using (var db = provider.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContext())
            {
                if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
                {
                    throw new CliException("the database is not up to date; run `haven migrate` first. Nothing was purged.");
                }
            }

            await stderr.WriteLineAsync($"Policy: Safe and Closed cases are purged {options.ClosedDays} days after they ended; any case {options.InactiveDays} days after its last activity.");
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var dry = result.GetValue(dryRun);
            if (dry)
            {
                var due = await provider.GetRequiredService<PurgeCommand>().ExecuteAsync(today, dryRun: true, cancellationToken);
                await stdout.WriteLineAsync($"{due.Cases} cases would be purged (dry run: nothing was changed).");
                return 0;
            }

            PurgeResult purged;
            try
            {
                purged = await ProgressDisplay.RunAsync(new ProgressKind("purge", "cases", Bytes: false), stderr, result.GetValue(quiet), progress =>
                    provider.GetRequiredService<PurgeCommand>().ExecuteAsync(today, dryRun: false, progress, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Each batch of cases is deleted in one transaction with its audit entries: whole, or not at all.
                throw new CommandStoppedException("the cases purged before the stop are gone, each with its audit entry; the others are still due, and the next purge deletes them.");
            }

            await stdout.WriteLineAsync($"{purged.Cases} cases purged.");
            if (purged.Cases > 0 && !purged.Checkpointed)
            {
                await stderr.WriteLineAsync("The write-ahead log could not be truncated now (a reader held it); the next purge tries again.");
            }

            return 0;
        });
        return command;
    }
}
