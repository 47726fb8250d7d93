namespace Haven.Act;

/// <summary>
/// An official a letter is written to, or a copy (table <c>action_targets</c>). Everything is public except the
/// e-mail address, which is stored only sealed with <see cref="ActSecrets"/> (purpose <c>target-email</c>, the
/// target's id), never shown on a public page or written to a log, and opened only by the mail sender.
/// </summary>
internal sealed class ActionTarget
{
    /// <summary>Random, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    public string ActionId { get; set; } = "";

    public TargetKind Kind { get; set; }

    /// <summary>The order on the page (0, 1, ...) within its kind.</summary>
    public int Position { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Their title or office ("Prosecutor General").</summary>
    public string Title { get; set; } = "";

    public string Organisation { get; set; } = "";

    /// <summary>The postal address, several lines.</summary>
    public string PostalAddress { get; set; } = "";

    /// <summary>The target's own language (culture name): the report to them is in it.</summary>
    public string Language { get; set; } = "en";

    /// <summary>The salutation per language as JSON, <c>{"en": "Dear Prosecutor General", "ru": "Уважаемый ..."}</c>.</summary>
    public string Salutations { get; set; } = "{}";

    public TargetChannels Channels { get; set; }

    /// <summary>The e-mail address, sealed (<see cref="ActSecrets"/>, purpose <c>target-email</c>); null when there is none.</summary>
    public byte[]? SealedEmail { get; set; }

    /// <summary>A public fax number, if any.</summary>
    public string? Fax { get; set; }

    /// <summary>A public social-media handle, if any ("@ProsecutorGeneral").</summary>
    public string? SocialHandle { get; set; }
}
