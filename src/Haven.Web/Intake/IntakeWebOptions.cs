namespace Haven.Web.Intake;

/// <summary>Options of the public pages.</summary>
internal sealed class IntakeWebOptions
{
    /// <summary>Where the quick-exit control leads: a neutral, everyday site.</summary>
    public string QuickExitUrl { get; set; } = "https://www.wikipedia.org/";
}
