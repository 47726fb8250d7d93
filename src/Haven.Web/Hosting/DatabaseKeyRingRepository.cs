using System.Xml.Linq;
using Haven.Cluster;
using Haven.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Hosting;

/// <summary>
/// The data-protection key ring in the table <c>protection_keys</c>, when the instance runs on PostgreSQL with
/// several web nodes: a form's anti-forgery token or a protected cookie made on one node is read on any other.
/// The rule of the key files holds (<see cref="KeyRingRepository"/>): an element is stored only when every
/// secret in it is encrypted under the instance key; the others (made before set-up, under a key held in
/// memory) stay in this node's memory and are never written.
/// </summary>
/// <remarks>
/// Two nodes that find no key at the same moment would each make one and each use its own until the
/// framework reads the ring again (a day later). A key is therefore stored under the advisory lock
/// <see cref="ClusterLocks.KeyRing"/>, and only when no other node stored one since this node last read the ring:
/// otherwise the new key is dropped (never stored, never used) and the framework, reading the ring again,
/// takes the other node's. The lock is taken alone, never while holding another (docs/operations.md, lock order).
/// </remarks>
internal sealed class DatabaseKeyRingRepository(IDbContextFactory<HavenDbContext> dbFactory) : IXmlRepository
{
    private readonly List<XElement> _memory = [];
    private readonly Lock _lock = new();
    private HashSet<string> _seen = new(StringComparer.Ordinal);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        var rows = db.ProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Name).Select(k => new { k.Name, k.Xml }).ToList();
        lock (_lock)
        {
            _seen = rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            return [.. rows.Select(r => XElement.Parse(r.Xml)), .. _memory.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        if (!KeyRingRepository.IsWritable(element))
        {
            lock (_lock)
            {
                _memory.Add(new XElement(element));
            }

            return;
        }

        HashSet<string> seen;
        lock (_lock)
        {
            seen = _seen;
        }

        using var db = dbFactory.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        db.Database.ExecuteSqlRaw("SELECT pg_advisory_xact_lock({0})", ClusterLocks.KeyRing);
        var stored = db.ProtectionKeys.Select(k => k.Name).ToList();
        if (stored.Any(name => !seen.Contains(name)))
        {
            // Another node stored a key since this node read the ring: that one serves every node.
            return;
        }

        db.ProtectionKeys.Add(new ProtectionKey { Name = Name(friendlyName), Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = DateTimeOffset.UtcNow });
        db.SaveChanges();
        transaction.Commit();
    }

    /// <summary>The framework names a key "key-&lt;guid&gt;"; anything longer than the column is cut (it is unique by its guid).</summary>
    private static string Name(string friendlyName) => friendlyName.Length <= 64 ? friendlyName : friendlyName[..64];
}
