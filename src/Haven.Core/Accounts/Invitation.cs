namespace Haven.Accounts;

/// <summary>A one-time invitation link for a new responder; only a hash of its token is stored.</summary>
internal sealed class Invitation
{
    public required string Id { get; init; }

    public required byte[] TokenHash { get; init; }

    public ResponderRole Role { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }

    public bool Used { get; set; }
}
