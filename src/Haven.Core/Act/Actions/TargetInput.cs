namespace Haven.Act.Actions;

/// <summary>What the target form sends (everything public except the e-mail address, see <see cref="EmailChange"/>).</summary>
internal sealed record TargetInput(
    TargetKind Kind,
    string Name,
    string Title,
    string Organisation,
    string PostalAddress,
    string Language,
    IReadOnlyDictionary<string, string> Salutations,
    TargetChannels Channels,
    string? Fax,
    string? SocialHandle);

/// <summary>What to do with a target's sealed e-mail address: the desk never shows it, it can only be kept, replaced or removed.</summary>
internal enum EmailChange
{
    Keep = 0,
    Replace = 1,
    Remove = 2,
}
