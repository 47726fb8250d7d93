namespace Haven.Accounts;

/// <summary>Invitation options, validated at start-up (section <c>Haven:Invitations</c>).</summary>
internal sealed class InvitationOptions
{
    /// <summary>How long an invitation link stays usable. Default: 72 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(72);
}
