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
