namespace Haven.Audit;

/// <summary>Actors that are not responders.</summary>
internal static class AuditActors
{
    /// <summary>The instance itself: intake, background jobs, the CLI. Signs with the instance audit key.</summary>
    public const string System = "system";
}
