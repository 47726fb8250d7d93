namespace Haven.Cluster;

/// <summary>
/// One throttle bucket held in the database (table <c>throttle_buckets</c>), for several web nodes on one
/// PostgreSQL: the generic cell rate algorithm's one instant per key, when the bucket is full again. The key is
/// never a name, an address or an id as given: it is a keyed hash under a key derived from the pepper, so the table
/// says nothing about who tried what.
/// </summary>
internal sealed class ThrottleBucket
{
    /// <summary>Which throttle: <c>receipt</c>, <c>login-name</c>, <c>act-action</c>, …</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The keyed hash of the throttle's key, lowercase hex.</summary>
    public string Key { get; set; } = "";

    /// <summary>When the bucket is full again; a row whose instant has passed can be deleted.</summary>
    public DateTimeOffset FullAt { get; set; }
}
