using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Cli;

/// <summary>The services of a command that works on the data directory the way the web host does, checked before any work.</summary>
internal static class CliServices
{
    /// <summary>
    /// Builds <paramref name="services"/>, lets <paramref name="validate"/> read the settings the command uses (an
    /// invalid one is a <see cref="CliException"/>, as the web host refuses to start on it), and checks the database is
    /// up to date.
    /// </summary>
    /// <exception cref="CliException">A setting is invalid, or migrations are pending.</exception>
    public static async Task<ServiceProvider> BuildAsync(IServiceCollection services, Action<IServiceProvider> validate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(validate);
        var provider = services.BuildServiceProvider();
        try
        {
            validate(provider);
            await using var db = await provider.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync(cancellationToken);
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                throw new CliException("the database is not up to date; run `haven migrate` first. Nothing was changed.");
            }
        }
        catch (OptionsValidationException e)
        {
            await provider.DisposeAsync();
            throw new CliException(e.Message);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return provider;
    }
}
