namespace Haven.Files;

/// <summary>Limits on cleaned copies (<c>Haven:Files:Clean</c>), validated at start-up.</summary>
internal sealed class CleanCopyOptions
{
    /// <summary>Largest file a cleaned copy is made of, in bytes (default 200 MiB): it is decrypted whole, in memory.</summary>
    public long MaxBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>How many times its own size a document archive may expand to while it is cleaned (a bound on zip bombs).</summary>
    public int MaxExpansion { get; set; } = 10;

    public string? Problem() =>
        MaxBytes is < 1 or > 1024L * 1024 * 1024 ? "Haven:Files:Clean:MaxBytes must be between 1 and 1073741824 (1 GiB)."
        : MaxExpansion is < 1 or > 100 ? "Haven:Files:Clean:MaxExpansion must be between 1 and 100."
        : null;
}
