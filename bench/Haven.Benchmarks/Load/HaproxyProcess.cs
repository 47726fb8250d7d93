using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Haven.Load;

/// <summary>
/// HAProxy (the Debian package's <c>haproxy</c>) in front of several Haven nodes, as docs/operations.md
/// ("Running several nodes") configures it: round robin for new visitors, a sticky cookie
/// (<c>haven_node</c>) that keeps a browser on the node that holds its session, a health check on
/// <c>/health</c> that takes a dead node out within about a second, and a redispatch of a request whose node
/// refuses the connection. Runs in the foreground as a child of this process, with its configuration in a
/// temporary folder of its own; used by the two-node test and the <c>nodes</c> benchmark.
/// </summary>
internal sealed class HaproxyProcess : IDisposable
{
    /// <summary>The sticky cookie's name; its value is the node's name in <see cref="Configuration"/>.</summary>
    public const string Cookie = "haven_node";

    private readonly string _folder;
    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private HaproxyProcess(Process process, string folder, Uri baseAddress)
    {
        _process = process;
        _folder = folder;
        BaseAddress = baseAddress;
    }

    /// <summary>Where clients connect: the proxy's front end on loopback.</summary>
    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What HAProxy printed (warnings, alerts), for error reports.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>The installed binary: on the PATH, or where Debian puts it (<c>/usr/sbin</c> is not on every user's PATH); null when missing.</summary>
    public static string? Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"])
                .Select(d => Path.Combine(d, "haproxy"))
                .FirstOrDefault(File.Exists);
        }
    }

    /// <summary>
    /// The configuration for <paramref name="nodes"/> (name, loopback port) behind a front end on
    /// <paramref name="port"/>: the text docs/operations.md shows, with loopback addresses.
    /// </summary>
    public static string Configuration(int port, IEnumerable<(string Name, int Port)> nodes)
    {
        var servers = string.Join('\n', nodes.Select(n =>
            $"    server {n.Name} 127.0.0.1:{n.Port.ToString(CultureInfo.InvariantCulture)} check inter 1s fall 3 rise 2 cookie {n.Name}"));
        return $"""
            global
                maxconn 4096

            defaults
                mode http
                timeout connect 2s
                timeout client 120s
                timeout server 120s
                timeout http-request 30s
                timeout check 10s
                retries 2
                option redispatch

            frontend haven
                bind 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}
                default_backend nodes

            backend nodes
                balance roundrobin
                cookie {Cookie} insert indirect nocache httponly
                option httpchk GET /health
                http-check expect status 200
            {servers}

            """;
    }

    /// <summary>Starts HAProxy in front of <paramref name="nodes"/> and waits until its front end accepts connections.</summary>
    public static async Task<HaproxyProcess> StartAsync(IReadOnlyList<(string Name, int Port)> nodes)
    {
        var binary = Binary ?? throw new InvalidOperationException("haproxy is not installed (apt-get install haproxy).");
        var folder = Path.Combine(Path.GetTempPath(), "haven-haproxy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = ServerProcess.FreePort();
        var config = Path.Combine(folder, "haproxy.cfg");
        await File.WriteAllTextAsync(config, Configuration(port, nodes));

        // -db: stay in the foreground, no daemon; the process is ours to stop.
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-db", "-f", config])
        {
            start.ArgumentList.Add(arg);
        }

        var proxy = new HaproxyProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start haproxy."), folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
        proxy._process.OutputDataReceived += proxy.Keep;
        proxy._process.ErrorDataReceived += proxy.Keep;
        proxy._process.BeginOutputReadLine();
        proxy._process.BeginErrorReadLine();
        try
        {
            await proxy.WaitListeningAsync(port);
        }
        catch
        {
            proxy.Dispose();
            throw;
        }

        return proxy;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitListeningAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited with {_process.ExitCode}: {RecentOutput}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("haproxy did not listen within 30 s: " + RecentOutput);
    }

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(e.Data);
            while (_log.Count > 50)
            {
                _log.Dequeue();
            }
        }
    }
}
