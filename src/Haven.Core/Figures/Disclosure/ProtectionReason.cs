namespace Haven.Figures.Disclosure;

/// <summary>Why a count of a release is not published as its exact value.</summary>
internal enum ProtectionReason
{
    /// <summary>Published as it is (zero, or above the threshold).</summary>
    None,

    /// <summary>From 1 to the threshold: published only as the band "1–threshold".</summary>
    Primary,

    /// <summary>Above the threshold but suppressed, so that no banded count can be narrowed from what is published.</summary>
    Secondary,
}
