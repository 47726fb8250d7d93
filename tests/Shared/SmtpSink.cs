using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Haven.Crypto;
using MimeKit;

namespace Haven.Tests;

/// <summary>
/// A real SMTP server for the tests (issue 18): <c>tests/smtp/sink.py</c>, aiosmtpd run with /usr/bin/python3.
/// <see cref="Shared"/> is the one test.sh started for the whole run (<c>HAVEN_TEST_SMTP="127.0.0.1:PORT"</c> and
/// <c>HAVEN_TEST_SMTP_DIR</c>), or else one this test process starts on first use and stops when it exits. The
/// sink writes every accepted message once per recipient domain as <c>DIR/&lt;domain&gt;/&lt;n&gt;-&lt;uuid&gt;.eml</c>,
/// so a test that sends only to its own <see cref="NewDomain"/> reads only its own mail. Special local parts:
/// <c>bounce-*</c> (550 5.1.1 at RCPT), <c>tempfail-*</c> (451 4.3.0 the first two times that address is tried),
/// <c>stall-*</c> (the answer to DATA waits for <see cref="Release"/>).
/// </summary>
internal sealed class SmtpSink
{
    public const string Variable = "HAVEN_TEST_SMTP";
    public const string DirectoryVariable = "HAVEN_TEST_SMTP_DIR";

    private static readonly Lazy<SmtpSink> Instance = new(Open, LazyThreadSafetyMode.ExecutionAndPublication);

    private SmtpSink(string host, int port, string directory)
    {
        Host = host;
        Port = port;
        Directory = directory;
    }

    /// <summary>The sink of this test run.</summary>
    public static SmtpSink Shared => Instance.Value;

    public string Host { get; }

    public int Port { get; }

    /// <summary>Where the sink writes what it accepts.</summary>
    public string Directory { get; }

    /// <summary>A recipient domain of the test's own, such as <c>k3v9q0x2m7ab.test</c>.</summary>
    public static string NewDomain() => RandomId.New()[..12] + ".test";

    /// <summary>The settings that point a Haven server at the sink and make its sender look at the outbox often.</summary>
    public string[] ServerSettings() =>
    [
        $"--Haven:Mail:Host={Host}",
        $"--Haven:Mail:Port={Port.ToString(CultureInfo.InvariantCulture)}",
        "--Haven:Mail:Security=None",
        "--Haven:Mail:From=act@haven.test",
        "--Haven:Mail:WindowMinutes=0",
        "--Haven:Mail:PollSeconds=0.2",
        "--Haven:Mail:MaxPerMinute=10000",
    ];

    /// <summary>The messages accepted for <paramref name="domain"/> so far, in the order they were accepted.</summary>
    public IReadOnlyList<MimeMessage> Received(string domain)
    {
        var folder = Path.Combine(Directory, domain.ToLowerInvariant());
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }

        return [.. System.IO.Directory.GetFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(file => MimeMessage.Load(file))];
    }

    /// <summary>Waits until at least <paramref name="count"/> messages for <paramref name="domain"/> have been accepted, and returns them all.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string domain, int count, TimeSpan timeout)
    {
        await Eventually.UntilAsync(
            $"{count} message(s) for {domain} at the SMTP sink",
            () => Count(domain) >= count,
            timeout,
            TimeSpan.FromMilliseconds(100),
            () => $"{Count(domain)} arrived");
        return Received(domain);
    }

    /// <summary>Lets the sink answer the held DATA of <c>stall-*</c> messages to <paramref name="domain"/> (and any later ones).</summary>
    public void Release(string domain)
    {
        var folder = Path.Combine(Directory, domain.ToLowerInvariant());
        System.IO.Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "release"), []);
    }

    /// <summary>Whether the sink has held the answer to a DATA for a <c>stall-*</c> address of <paramref name="domain"/>.</summary>
    public bool Stalled(string domain) => File.Exists(Path.Combine(Directory, domain.ToLowerInvariant(), "stalled"));

    private int Count(string domain)
    {
        var folder = Path.Combine(Directory, domain.ToLowerInvariant());
        return System.IO.Directory.Exists(folder) ? System.IO.Directory.GetFiles(folder, "*.eml").Length : 0;
    }

    private static SmtpSink Open()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } address
            && Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory)
        {
            var colon = address.LastIndexOf(':');
            return new SmtpSink(address[..colon], int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture), directory);
        }

        return StartOwn();
    }

    /// <summary>Starts a sink for this process: it exits when its standard input closes, that is when this process ends.</summary>
    private static SmtpSink StartOwn()
    {
        var directory = Path.Combine(Path.GetTempPath(), "haven-smtp-" + RandomId.New());
        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Script(), "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory, "--watch-stdin"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the SMTP sink.");
        var first = process.StandardOutput.ReadLine();
        if (first is null || !first.StartsWith("listening", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The SMTP sink (tests/smtp/sink.py, needs python3-aiosmtpd) did not start: {first} {process.StandardError.ReadToEnd()}");
        }

        process.StandardError.BaseStream.CopyToAsync(Stream.Null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill();
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
            }
        };
        return new SmtpSink("127.0.0.1", port, directory);
    }

    private static string Script()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "tests", "smtp", "sink.py")))
        {
            folder = folder.Parent;
        }

        return folder is null
            ? throw new InvalidOperationException("tests/smtp/sink.py not found above " + AppContext.BaseDirectory)
            : Path.Combine(folder.FullName, "tests", "smtp", "sink.py");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
