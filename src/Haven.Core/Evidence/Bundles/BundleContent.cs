using Haven.Files;

namespace Haven.Evidence.Bundles;

/// <summary>
/// Everything a prepared bundle streams, held in memory between <see cref="BuildBundleCommand.PrepareAsync"/> and
/// <see cref="BuildBundleCommand.WriteAsync"/>: the signed manifest, the small entries, each file with the key that
/// opens its blob, and the recipient. Signed at preparation, so that streaming needs neither the responder's keys
/// (their session may end meanwhile) nor the database.
/// </summary>
internal sealed class BundleContent
{
    public required DateTimeOffset Created { get; init; }

    /// <summary>The exact bytes of <c>manifest.json</c>, which both signatures cover.</summary>
    public required byte[] Manifest { get; init; }

    public required byte[] ResponderSignature { get; init; }

    public required byte[] InstanceSignature { get; init; }

    public required byte[] PublicKeys { get; init; }

    /// <summary>The files in the manifest's order: the tar path and the listing with the blob's key.</summary>
    public required IReadOnlyList<(string Path, FileAttachment File)> Files { get; init; }

    public required BundleEncryption Encryption { get; init; }

    public override string ToString() => nameof(BundleContent);
}
