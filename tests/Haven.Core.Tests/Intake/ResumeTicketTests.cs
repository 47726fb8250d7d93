using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Intake;
using Haven.Storage;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Intake;

/// <summary>
/// The resume ticket: a person whose session ran out continues by typing their receipt again, and only a
/// receipt this instance issued, with its own ticket, starts a session (real Argon2id derivations).
/// </summary>
public sealed class ResumeTicketTests : IDisposable
{
    private readonly Argon2Gate _gate = new(Options.Create(new Argon2Options()));
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        _owned.ForEach(d => d.Dispose());
        _gate.Dispose();
    }

    [Fact]
    public async Task The_ticket_issued_for_a_receipt_resumes_it_as_typed_again()
    {
        var (tickets, instance) = NewInstance();
        var receipt = Receipt.Generate();
        using var issuedFor = Keys(receipt, instance);
        var ticket = tickets.Issue(issuedFor);
        Assert.Matches("^[0-9a-f]{32}$", ticket);

        var typed = string.Join(" ", receipt.Chunk(4).Select(c => new string(c)));
        using var resumed = await tickets.RedeemAsync(typed, ticket, CancellationToken.None);
        Assert.NotNull(resumed);
        Assert.Equal(issuedFor.LookupId, resumed.LookupId);
        Assert.Equal(issuedFor.SourceKeys.PublicKey, resumed.SourceKeys.PublicKey);
    }

    [Fact]
    public async Task A_wrong_or_altered_ticket_is_refused()
    {
        var (tickets, instance) = NewInstance();
        var receipt = Receipt.Generate();
        using var keys = Keys(receipt, instance);
        var ticket = tickets.Issue(keys);

        string[] refused =
        [
            Hex.Encode(SodiumRandom.Bytes(16)),
            Flip(ticket, 0),
            Flip(ticket, ticket.Length - 1),
            ticket[..^2],
            ticket + "00",
            ticket.ToUpperInvariant(),
            " " + ticket,
            "",
        ];
        foreach (var wrong in refused)
        {
            Assert.Null(await tickets.RedeemAsync(receipt, wrong, CancellationToken.None));
        }

        Assert.Null(await tickets.RedeemAsync(receipt, null, CancellationToken.None));
    }

    [Fact]
    public async Task The_ticket_of_another_receipt_is_refused()
    {
        var (tickets, instance) = NewInstance();
        var mine = Receipt.Generate();
        using var other = Keys(Receipt.Generate(), instance);

        // Another person's form (another session) carries another receipt's ticket: it does not open this receipt.
        Assert.Null(await tickets.RedeemAsync(mine, tickets.Issue(other), CancellationToken.None));
    }

    [Fact]
    public async Task A_ticket_of_another_instance_or_an_earlier_set_up_is_refused()
    {
        var (before, beforeInstance) = NewInstance();
        var (after, _) = NewInstance();
        var receipt = Receipt.Generate();
        using var keys = Keys(receipt, beforeInstance);
        var ticket = before.Issue(keys);

        // Tickets have no time limit (a session that ran out is what they are for); what ends them is the pepper.
        using (var resumed = await before.RedeemAsync(receipt, ticket, CancellationToken.None))
        {
            Assert.NotNull(resumed);
        }

        Assert.Null(await after.RedeemAsync(receipt, ticket, CancellationToken.None));
    }

    [Theory]
    [InlineData("1234", "00112233445566778899aabbccddeeff")]
    [InlineData("1234 5678 9012 3456 789x", "00112233445566778899aabbccddeeff")]
    [InlineData(null, "00112233445566778899aabbccddeeff")]
    [InlineData("1234 5678 9012 3456 7890", "")]
    [InlineData("1234 5678 9012 3456 7890", null)]
    public async Task A_malformed_receipt_or_no_ticket_is_refused_without_a_derivation(string? receipt, string? ticket)
    {
        var (tickets, _) = NewInstance();
        Assert.Null(await tickets.RedeemAsync(receipt, ticket, CancellationToken.None));
        Assert.Equal(0, _gate.Derivations);
    }

    private (ResumeTicket Tickets, InstanceState Instance) NewInstance()
    {
        var instance = new InstanceState(new DataDirectory(Path.Combine(Path.GetTempPath(), "haven-ticket-" + RandomId.New())));
        var (keys, recovery) = InstanceKeys.Create();
        _owned.Add(recovery);
        instance.Set(keys);
        return (new ResumeTicket(instance, _gate), instance);
    }

    private static ReceiptKeys Keys(string receipt, InstanceState instance) => ReceiptDerivation.Derive(receipt, instance.Required.Pepper);

    private static string Flip(string hex, int at) => string.Concat(hex[..at], hex[at] == '0' ? "1" : "0", hex[(at + 1)..]);
}
