namespace Haven.Alerts;

/// <summary>How a change of a responder's alert choices ended.</summary>
internal enum AlertChange
{
    /// <summary>Alerts are on with the choices given.</summary>
    Saved,

    /// <summary>Nothing was chosen: the opt-in and its address are deleted.</summary>
    TurnedOff,

    /// <summary>No usable e-mail address was given and none is stored.</summary>
    BadAddress,
}
