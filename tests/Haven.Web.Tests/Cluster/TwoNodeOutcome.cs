using Haven.Load;
using Haven.Web.Tests.Cli;

namespace Haven.Web.Tests.Cluster;

/// <summary>What <see cref="TwoNodeCluster.RunAsync"/> saw, for the tests to judge one part each.</summary>
internal sealed class TwoNodeOutcome
{
    /// <summary>The node each new visitor was given on its first page, and the node of its second page.</summary>
    public List<string> FirstNodes { get; } = [];

    public List<string> SecondNodes { get; } = [];

    /// <summary>Receipt attempts of the burst answered "unknown receipt" (checked: a permit of the instance's budget used).</summary>
    public int BurstAdmitted { get; set; }

    /// <summary>Receipt attempts of the burst answered 429 (the budget spent).</summary>
    public int BurstRefused { get; set; }

    public Dictionary<string, int> BurstByNode { get; } = new(StringComparer.Ordinal);

    public TimeSpan BurstElapsed { get; set; }

    /// <summary>Which node was killed.</summary>
    public string? Killed { get; set; }

    public string? WatcherNode { get; set; }

    public LoadResult Load { get; set; } = new();

    /// <summary>Failed requests of the load while both nodes were up (none is expected), and the first few of them.</summary>
    public int ErrorsBeforeKill { get; set; }

    public List<string> ErrorSamplesBeforeKill { get; set; } = [];

    /// <summary>First requests acknowledged while both nodes were up (each one an audit entry).</summary>
    public int FirstRequestsBeforeKill { get; set; }

    /// <summary>Record ids of the follow-ups with a file that were acknowledged.</summary>
    public List<string> FilesAcknowledged { get; set; } = [];

    public List<Watched> Watched { get; set; } = [];

    public List<string> StoredMessages { get; set; } = [];

    public List<string> StoredFiles { get; set; } = [];

    public int Sources { get; set; }

    public List<string> BlobsInSharedFolder { get; set; } = [];

    public long? RetentionRunsAtKill { get; set; }

    public long? RetentionRunsAfterKill { get; set; }

    public long? RetentionRunsAtEnd { get; set; }

    /// <summary>From just before the first node started until <see cref="RetentionRunsAtEnd"/> was read.</summary>
    public TimeSpan RetentionElapsed { get; set; }

    public CliResult? AuditVerify { get; set; }

    /// <summary>Unexpected answers of the harness itself (a node's answer that is neither success nor a documented refusal).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>What went wrong for people and responders whose node died (or did not).</summary>
    public List<string> SessionProblems { get; } = [];

    public string SurvivorOutput { get; set; } = "";
}
