using System.Diagnostics;
using System.Globalization;

namespace Haven.Storage;

/// <summary>
/// The storage checks a process makes before it serves anyone: the data directory takes a write (a full or
/// read-only disk is refused at once rather than found out by the first person who writes), and the
/// database is reachable and migrated. A database that is not up yet (connection refused, starting up) is
/// waited for with a growing pause, up to a bounded time; anything else (a wrong password, TLS demanded
/// but not offered) fails at once. Every failure becomes a <see cref="StorageStartupException"/> whose
/// message is one line for the operator.
/// </summary>
internal static class StorageStartup
{
    /// <summary>The setting for how long start-up waits for a database that is not up yet (a TimeSpan, <c>00:02:00</c>).</summary>
    public const string StartupWaitKey = "Haven:Database:StartupWait";

    /// <summary>Waiting this long covers a database container started at the same time as Haven's.</summary>
    public static readonly TimeSpan DefaultStartupWait = TimeSpan.FromMinutes(2);

    /// <summary>Bytes written (and synced) to prove the data directory takes writes.</summary>
    public const int ProbeBytes = 64 * 1024;

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    /// <summary>Reads <see cref="StartupWaitKey"/>: a non-negative TimeSpan, or the default when unset.</summary>
    /// <exception cref="DatabaseConfigurationException">The value is not a non-negative TimeSpan.</exception>
    public static TimeSpan StartupWait(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DefaultStartupWait;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var wait) && wait >= TimeSpan.Zero
            ? wait
            : throw new DatabaseConfigurationException($"{StartupWaitKey} must be a non-negative time span such as 00:02:00.");
    }

    /// <summary>Checks the data directory, waits for the database if need be, and applies migrations.</summary>
    /// <param name="data">The data directory.</param>
    /// <param name="wait">How long to keep trying a database that is not up yet.</param>
    /// <param name="notices">Where the one line saying that start-up waits goes (standard error).</param>
    /// <param name="cancellationToken">Stops the waiting.</param>
    /// <exception cref="StorageStartupException">The storage cannot be used; the message is one line.</exception>
    public static async Task PrepareAsync(DataDirectory data, TimeSpan wait, TextWriter notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(notices);
        CheckWritable(data);
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        var announced = false;
        while (true)
        {
            try
            {
                await StorageServiceCollectionExtensions.MigrateAsync(data, cancellationToken);
                return;
            }
            catch (Exception e) when (!data.IsSqlite && StorageFailure.IsNotUpYet(e) && !cancellationToken.IsCancellationRequested)
            {
                if (!announced && wait > TimeSpan.Zero)
                {
                    announced = true;
                    await notices.WriteLineAsync($"haven: waiting up to {Format(wait)} for the PostgreSQL database, which is not up yet ({Reason(e)}).");
                    await notices.FlushAsync(cancellationToken);
                }

                if (clock.Elapsed >= wait)
                {
                    throw new StorageStartupException($"the PostgreSQL database did not come up within {Format(wait)} ({StorageFailure.Describe(e, data)}); giving up.", e);
                }
            }
            catch (Exception e) when (e is not StorageStartupException && !cancellationToken.IsCancellationRequested && (StorageFailure.IsStorageFailure(e) || e is IOException or UnauthorizedAccessException))
            {
                throw new StorageStartupException(StorageFailure.Describe(e, data), e);
            }

            var left = wait - clock.Elapsed;
            await Task.Delay(left < pause ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : pause, cancellationToken);
            pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
        }
    }

    /// <summary>
    /// Creates the data directory if needed and writes, syncs and deletes a small file in it: a full disk
    /// (or a read-only one) shows up here, once, instead of as a lost message later.
    /// </summary>
    /// <exception cref="StorageStartupException">The data directory cannot be written.</exception>
    public static void CheckWritable(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var probe = Path.Combine(data.Path, ".write-check-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            data.EnsureExists();
            using (var file = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(new byte[ProbeBytes]);
                file.Flush(flushToDisk: true);
            }
        }
        catch (IOException e) when (StorageFailure.IsDiskFull(e))
        {
            throw new StorageStartupException($"the data directory {data.Path} has no space left (a {ProbeBytes / 1024} KiB test write failed); free space on its disk and start again.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageStartupException($"the data directory {data.Path} cannot be written ({e.GetType().Name}: {e.Message}).", e);
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing was created, or the folder is unusable and the failure is already reported.
            }
        }
    }

    private static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case System.Net.Sockets.SocketException socket:
                    return socket.SocketErrorCode.ToString();
                case Npgsql.PostgresException postgres:
                    return postgres.SqlState + " " + postgres.MessageText;
                case TimeoutException:
                    return "timeout";
            }
        }

        return e.GetType().Name;
    }

    private static string Format(TimeSpan wait) =>
        wait.TotalMinutes >= 1 && wait.Seconds == 0 ? $"{wait.TotalMinutes:0} min" : $"{wait.TotalSeconds:0.#} s";
}
