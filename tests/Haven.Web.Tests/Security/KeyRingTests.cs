using System.Net;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Haven.Web.Tests.Security;

/// <summary>
/// Issue 12, point 9: the data-protection key ring (behind every antiforgery token) was stored unencrypted in
/// data/keys, and the framework's warning about it was hidden by a log filter. It is encrypted under a key
/// derived from the instance key, the warning is neither logged nor filtered, and old plaintext keys are replaced.
/// </summary>
public sealed class KeyRingTests
{
    private const string KeyFiles = "The key files are SQLite's; on PostgreSQL the keys are rows of protection_keys, shared by the nodes (Cluster/SharedKeyRingTests).";

    private const string XmlKeyManager = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    [ProviderFact(postgres: false, KeyFiles)]
    public async Task Key_files_hold_no_plaintext_key_and_still_open_after_a_restart()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var page = await client.GetAsync("/return");
        var token = HavenClient.Hidden(page.Html, "__af")!;

        var files = Directory.GetFiles(Path.Combine(server.DataPath, "keys"), "*.xml");
        Assert.NotEmpty(files);
        if (!OperatingSystem.IsWindows())
        {
            // The folder is the owner's alone, like the data directory and blobs/.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(server.DataPath, "keys")));
        }

        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("requiresEncryption", xml, StringComparison.Ordinal);
            Assert.True(xml.Contains("<havenKeyRing version=\"1\" mode=\"instance\"", StringComparison.Ordinal), xml);
        }

        // The warning is not filtered away, and it was not logged.
        var loggers = server.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(loggers.CreateLogger(XmlKeyManager).IsEnabled(LogLevel.Warning), "the data-protection warnings are filtered out");
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("No XML encryptor", StringComparison.Ordinal) || l.Contains("unencrypted form", StringComparison.Ordinal));

        // A restart reads the encrypted key back: a form from before it is still accepted.
        await server.StopAsync();
        await using var again = await HavenServer.StartOnAsync(server.DataPath);
        using var same = new HavenClient(again.BaseAddress, "en");
        foreach (Cookie cookie in client.Cookies.GetAllCookies())
        {
            same.Cookies.Add(again.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        var sent = await same.PostAsync("/return", [new("__af", token), new("Receipt", "1234")]);
        Assert.DoesNotContain("The form could not be accepted", sent.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(again.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("No XML encryptor", StringComparison.Ordinal));
        Assert.Equal(files.Order(), Directory.GetFiles(Path.Combine(server.DataPath, "keys"), "*.xml").Order());
    }

    [Fact]
    public async Task Before_set_up_keys_stay_in_memory_and_nothing_unencrypted_is_written()
    {
        await using var server = await HavenServer.StartFreshAsync();
        using var client = server.CreateClient();
        var token = server.Services.GetRequiredService<Haven.Web.Setup.SetupState>().Token;
        var page = await client.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(HavenClient.Hidden(page.Html, "__af"));
        var keys = Path.Combine(server.DataPath, "keys");
        Assert.Empty(Directory.Exists(keys) ? Directory.GetFiles(keys) : []);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("No XML encryptor", StringComparison.Ordinal));
    }

    [ProviderFact(postgres: false, KeyFiles)]
    public async Task A_key_an_earlier_version_stored_unencrypted_is_deleted_and_replaced_by_an_encrypted_one()
    {
        await using var server = await HavenServer.StartAsync();
        await server.StopAsync();
        var keys = Path.Combine(server.DataPath, "keys");
        Directory.CreateDirectory(keys);
        foreach (var file in Directory.GetFiles(keys))
        {
            File.Delete(file);
        }

        var old = Path.Combine(keys, "key-5b1f8a3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b.xml");
        await File.WriteAllTextAsync(old, PlaintextKey);

        await using var again = await HavenServer.StartOnAsync(server.DataPath);
        using var client = again.CreateClient();
        Assert.NotNull(HavenClient.Hidden((await client.GetAsync("/return")).Html, "__af"));
        Assert.False(File.Exists(old), "the unencrypted key file is still there");
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.DoesNotContain("<masterKey", File.ReadAllText(f), StringComparison.Ordinal));
        Assert.Contains(again.Logs.Lines, l => l.Contains("stored unencrypted", StringComparison.Ordinal));
    }

    /// <summary>A key file as the framework writes it with no encryptor (the earlier versions of Haven).</summary>
    private const string PlaintextKey = """
        <?xml version="1.0" encoding="utf-8"?>
        <key id="5b1f8a3e-2c4d-4e6f-8a9b-0c1d2e3f4a5b" version="1">
          <creationDate>2026-11-01T10:00:00.0000000Z</creationDate>
          <activationDate>2026-11-01T10:00:00.0000000Z</activationDate>
          <expirationDate>2027-01-30T10:00:00.0000000Z</expirationDate>
          <descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer, Microsoft.AspNetCore.DataProtection, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60">
            <descriptor>
              <encryption algorithm="AES_256_CBC" />
              <validation algorithm="HMACSHA256" />
              <masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection">
                <!-- Warning: the key below is in an unencrypted form. -->
                <value>q2Jq0mVvXn8cW7a0YJx3m0l3oT0d9Qe1l2wq4m3b0z8n5c1v7x2k9j4h6g3f1d0s8a7p6o5i4u3y2t1r0e9w8q==</value>
              </masterKey>
            </descriptor>
          </descriptor>
        </key>
        """;
}
