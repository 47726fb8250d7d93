namespace Haven.Record.Events;

/// <summary>Where an item of information comes from.</summary>
internal enum InformationSource
{
    /// <summary>A case of this instance (what the person told).</summary>
    Case,

    /// <summary>A source outside Haven (a document, the media, a partner).</summary>
    Outside,
}
