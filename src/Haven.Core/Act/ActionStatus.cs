namespace Haven.Act;

/// <summary>Where an Urgent Action stands: written on the desk, public and open to letters, or ended with an outcome.</summary>
internal enum ActionStatus
{
    Draft = 0,
    Live = 1,
    Ended = 2,
}
