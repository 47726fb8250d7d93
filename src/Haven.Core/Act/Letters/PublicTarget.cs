namespace Haven.Act.Letters;

/// <summary>A target or copy as the public pages show it: everything but the e-mail address, of which only "there is one" is known.</summary>
internal sealed record PublicTarget(
    string Id,
    TargetKind Kind,
    string Name,
    string Title,
    string Organisation,
    string PostalAddress,
    string Language,
    IReadOnlyDictionary<string, string> Salutations,
    string? Fax,
    string? SocialHandle,
    bool CanEmail)
{
    /// <summary>"Name, Title" (how a letter names the target).</summary>
    public string Display => string.Join(", ", new[] { Name, Title }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()));
}
