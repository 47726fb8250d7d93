using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>The registration of the Files area: <see cref="AddHavenFiles"/>.</summary>
internal static class FilesServiceCollectionExtensions
{
    /// <summary>Registers the blob store (<c>Haven:Blobs</c>, validated at start-up), the file limits (<c>Haven:Files</c>, validated at start-up), the quota, the file commands and working copies, cleaned and redacted (<c>Haven:Files:Clean</c>, validated at start-up).</summary>
    public static IServiceCollection AddHavenFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection("Haven:Files")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentOptions>, AttachmentOptionsValidator>();
        services.AddOptions<BlobOptions>().Bind(configuration.GetSection("Haven:Blobs")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlobOptions>, BlobOptionsValidator>();
        services.AddSingleton(sp => new BlobStore(sp.GetRequiredService<Storage.DataDirectory>(), sp.GetRequiredService<IOptions<BlobOptions>>().Value));
        services.AddSingleton<StorageQuota>();
        services.AddSingleton<SharedQuota>();
        services.AddSingleton<FileReceiver>();
        services.AddSingleton<BlobSweep>();
        services.AddSingleton<CaseFileOpener>();
        services.AddSingleton<DeskFileQuery>();
        services.AddSingleton<SourceFileQuery>();
        services.AddOptions<CleanCopyOptions>().Bind(configuration.GetSection("Haven:Files:Clean")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CleanCopyOptions>, CleanCopyOptionsValidator>();
        services.AddSingleton<WorkingCopyMaker>();
        services.AddSingleton<CleanCopyCommand>();
        services.AddSingleton<RedactCopyCommand>();
        return services;
    }
}
