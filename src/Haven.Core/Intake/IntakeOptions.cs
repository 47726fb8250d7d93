using System.ComponentModel.DataAnnotations;

namespace Haven.Intake;

/// <summary>Limits of the public intake, validated at start-up.</summary>
internal sealed class IntakeOptions
{
    /// <summary>Most characters in one request or message.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>Most characters in the optional safe way to be reached.</summary>
    [Range(1, 10_000)]
    public int MaxContactLength { get; set; } = 500;

    /// <summary>Most records on one page of a person's conversation; older ones are a page back.</summary>
    [Range(1, 1_000)]
    public int ConversationPageSize { get; set; } = 50;

    /// <summary>How long a person's session lives without activity.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);
}
