using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>Verifies the running instance's audit log with the system key it holds in memory.</summary>
internal sealed class AuditChainCheck(IDbContextFactory<HavenDbContext> dbFactory, InstanceState instance)
{
    public async Task<AuditReport> ExecuteAsync(CancellationToken cancellationToken)
    {
        using var systemKeys = instance.Required.AuditKeys();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuditVerifier.VerifyChainAsync(db, systemKeys.PublicKey, null, cancellationToken);
    }
}
