namespace Haven.Web.Desk;

/// <summary>Desk options, validated at start-up.</summary>
internal sealed class DeskOptions
{
    /// <summary>A responder idle for longer is logged out and their keys wiped from memory.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
