namespace Haven.Record.Events;

/// <summary>Bounds on one version, so that a save is bounded work.</summary>
internal static class RecordLimits
{
    public const int MaxText = 20000;
    public const int MaxTitle = 300;
    public const int MaxPseudonym = 100;
    public const int MaxActs = 500;
    public const int MaxInvolvements = 20;
    public const int MaxSources = 100;
}
