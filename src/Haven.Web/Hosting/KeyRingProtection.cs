using Haven.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Web.Hosting;

/// <summary>
/// The framework's data-protection key ring (the keys behind the antiforgery tokens), protected at rest: each
/// key's secret is encrypted with XChaCha20-Poly1305 under <c>BLAKE2b(32, "haven/v1/key-ring", key = pepper)</c>
/// from the instance key file (docs/protocol.md, "Data-protection key ring"). Before the instance key exists (a
/// set-up in progress), keys are encrypted under a random key held in memory and never written: they last until
/// the server stops. Key files that an earlier version wrote unencrypted are deleted at start; the framework
/// makes a new, encrypted key. On PostgreSQL the keys are rows of <c>protection_keys</c>, shared by every web
/// node (<see cref="DatabaseKeyRingRepository"/>); on SQLite (one node) they are files in <c>data/keys</c>.
/// </summary>
internal static class KeyRingProtection
{
    public static IServiceCollection AddHavenDataProtection(this IServiceCollection services, DataDirectory data)
    {
        services.AddDataProtection().SetApplicationName("Haven");
        services.AddSingleton<KeyRingKey>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = data.IsSqlite
                ? new KeyRingRepository(new DirectoryInfo(data.ProtectionKeysFolder), sp.GetRequiredService<ILoggerFactory>())
                : new DatabaseKeyRingRepository(sp.GetRequiredService<IDbContextFactory<HavenDbContext>>());
            o.XmlEncryptor = new KeyRingEncryptor(sp.GetRequiredService<KeyRingKey>());
        }));
        return services;
    }
}
