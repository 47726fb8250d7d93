namespace Haven.Files;

/// <summary>Why no cleaned copy was made.</summary>
internal enum CleanOutcome
{
    None,

    /// <summary>Not a kind of file this cleaner knows (PDF, video, audio, archives, …).</summary>
    NotSupported,

    /// <summary>It looks like a supported kind but could not be read (damaged, or outside the limits on pixels).</summary>
    Unreadable,

    /// <summary>A document whose parts expand beyond the bound (a zip bomb, or simply too big).</summary>
    TooLarge,
}
