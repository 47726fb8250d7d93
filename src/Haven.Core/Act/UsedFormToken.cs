namespace Haven.Act;

/// <summary>
/// A public form's one-time token that has been used (table <c>action_form_tokens</c>): a replayed form finds its
/// token here and is not counted again. <see cref="TokenHash"/> is a keyed hash of the token, never the token.
/// Rows are deleted once <see cref="ExpiresAt"/> has passed (a token is refused after it anyway).
/// </summary>
internal sealed class UsedFormToken
{
    /// <summary>64 lowercase hex.</summary>
    public string TokenHash { get; set; } = "";

    public string ActionId { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
