namespace Haven.Cluster;

/// <summary>
/// Bytes reserved against the storage quota by an upload in flight on some node (table
/// <c>upload_reservations</c>), so that uploads on several nodes at once cannot overrun the quota together. A
/// reservation is deleted when its upload commits or fails; one left by a dead node expires.
/// </summary>
internal sealed class UploadReservation
{
    /// <summary>Random id, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    public long Bytes { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
