using Haven.Crypto;
using Haven.Files;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Files;

/// <summary>
/// An upload's quota reservation on PostgreSQL is a short transaction under an advisory lock, asked for between two
/// reads of the request body. A person whose connection breaks cancels the request at any moment, also half-way
/// through that transaction: the reservation must then be made whole or not at all, and the server's log must stay
/// free of errors (before, a commit cancelled half-way logged "An error occurred using a transaction" at Error, and
/// InterruptedUploadTests failed on it now and then).
/// </summary>
public sealed class SharedQuotaCancelTests
{
    [ProviderFact(true, "SQLite keeps the quota in the web host's memory; there is no transaction to cut.")]
    public async Task Reservations_cancelled_at_any_moment_log_no_error_and_leave_whole_rows_or_none()
    {
        await using var server = await HavenServer.StartAsync();
        var quota = server.Services.GetRequiredService<SharedQuota>();
        Assert.True(quota.IsActive);

        // Cancellations spread over the whole reservation, from before its first statement to after its commit.
        var ids = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var id = RandomId.New();
            ids.Add(id);
            using var cancel = new CancellationTokenSource(TimeSpan.FromTicks(i % 60 * TimeSpan.TicksPerMillisecond / 4));
            try
            {
                var granted = await quota.TryReserveAsync(id, 1000, 1000, cancel.Token);
                Assert.True(granted >= 1000, $"granted {granted}");
            }
            catch (OperationCanceledException)
            {
                // Cancelled before it began: nothing reserved (checked below).
            }
        }

        // Every reservation is whole (1,000 bytes or more) or absent; none half-written.
        var reserved = await quota.ReservedAsync(CancellationToken.None);
        Assert.True(reserved % 1000 == 0 || reserved >= 1000, reserved.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ids.ForEach(quota.Release);
        Assert.Equal(0, await quota.ReservedAsync(CancellationToken.None));
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }
}
