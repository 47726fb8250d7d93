using Haven.Tests;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Haven.Core.Tests.Mail;

/// <summary>
/// The test SMTP server (tests/smtp/sink.py through <see cref="SmtpSink"/>) behaves as the mail tests rely on:
/// it keeps what MailKit sends, once per recipient domain, and refuses, delays and holds the special addresses.
/// </summary>
public sealed class SmtpSinkTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_message_sent_with_MailKit_arrives_once_per_recipient_domain()
    {
        var sink = SmtpSink.Shared;
        var first = SmtpSink.NewDomain();
        var second = SmtpSink.NewDomain();
        using var client = await ConnectAsync(sink);
        await client.SendAsync(Message("Привет", $"a@{first}", $"b@{second}", $"c@{second}"));

        var one = await sink.WaitForAsync(first, 1, Deadline);
        var two = await sink.WaitForAsync(second, 1, Deadline);
        Assert.Equal("Привет", Assert.Single(one).Subject);
        Assert.Equal("Здравствуйте.", Assert.Single(two).TextBody?.Trim());
    }

    [Fact]
    public async Task Bounce_addresses_are_refused_with_550_and_tempfail_addresses_twice_with_451()
    {
        var sink = SmtpSink.Shared;
        var domain = SmtpSink.NewDomain();
        using var client = await ConnectAsync(sink);

        var bounce = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("b", $"bounce-1@{domain}")));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, bounce.ErrorCode);
        Assert.Equal(550, (int)bounce.StatusCode);

        for (var i = 0; i < 2; i++)
        {
            var later = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("t", $"tempfail-1@{domain}")));
            Assert.Equal(451, (int)later.StatusCode);
        }

        await client.SendAsync(Message("t", $"tempfail-1@{domain}"));
        Assert.Equal("t", Assert.Single(await sink.WaitForAsync(domain, 1, Deadline)).Subject);
    }

    [Fact]
    public async Task A_stalled_message_is_answered_only_after_Release_and_one_whose_client_left_is_not_kept()
    {
        var sink = SmtpSink.Shared;
        var abandoned = SmtpSink.NewDomain();
        var wire = new DataWatch();
        using (var leaving = new SmtpClient(wire))
        using (var cancel = new CancellationTokenSource())
        {
            await leaving.ConnectAsync(sink.Host, sink.Port, SecureSocketOptions.None);
            var send = leaving.SendAsync(Message("left", $"stall-1@{abandoned}"), cancel.Token);
            await Eventually.UntilAsync("the client to send the whole message", () => wire.DataSent);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        }

        sink.Release(abandoned);
        using var client = await ConnectAsync(sink);
        await client.SendAsync(Message("after", $"x@{abandoned}"));
        Assert.Equal("after", Assert.Single(await sink.WaitForAsync(abandoned, 1, Deadline)).Subject);

        var domain = SmtpSink.NewDomain();
        var held = client.SendAsync(Message("held", $"stall-2@{domain}"));
        using (var other = await ConnectAsync(sink))
        {
            await other.SendAsync(Message("meanwhile", $"y@{SmtpSink.NewDomain()}"));
        }

        Assert.False(held.IsCompleted);
        Assert.Empty(sink.Received(domain));
        sink.Release(domain);
        await Eventually.ResultAsync("the held message to be answered", held, deadline: Deadline);
        Assert.Equal("held", Assert.Single(sink.Received(domain)).Subject);
        Assert.Equal("after", Assert.Single(sink.Received(abandoned)).Subject);
    }

    /// <summary>Notices when the client has sent a message's closing dot (it then waits for the answer to DATA); sees no content otherwise.</summary>
    private sealed class DataWatch : MailKit.IProtocolLogger
    {
        private volatile bool _sent;

        public bool DataSent => _sent;

        public MailKit.IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        public void LogConnect(Uri uri)
        {
        }

        public void LogClient(byte[] buffer, int offset, int count)
        {
            if (System.Text.Encoding.ASCII.GetString(buffer, offset, count).EndsWith("\r\n.\r\n", StringComparison.Ordinal))
            {
                _sent = true;
            }
        }

        public void LogServer(byte[] buffer, int offset, int count)
        {
        }

        public void Dispose()
        {
        }
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpSink sink)
    {
        var client = new SmtpClient();
        await client.ConnectAsync(sink.Host, sink.Port, SecureSocketOptions.None);
        return client;
    }

    private static MimeMessage Message(string subject, params string[] to)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Haven", "act@haven.test"));
        message.To.AddRange(to.Select(a => MailboxAddress.Parse(a)));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Здравствуйте.\n" };
        return message;
    }
}
