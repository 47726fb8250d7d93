namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Issue 19 end to end: two shipped Haven nodes on one PostgreSQL database behind HAProxy with a sticky
/// cookie, people and responders working through both, one node killed with SIGKILL mid-load
/// (<see cref="TwoNodeCluster"/> plays the scenario once per run). Each test judges one promise of
/// docs/operations.md, "Running several nodes".
/// </summary>
public sealed class TwoNodeHaproxyTests(TwoNodeCluster cluster) : IClassFixture<TwoNodeCluster>
{
    [TwoNodeFact]
    public async Task New_visitors_are_spread_over_both_nodes_and_each_stays_on_its_own()
    {
        var outcome = await cluster.RunAsync();

        Assert.Empty(outcome.Problems);
        Assert.Equal(["a", "b"], outcome.FirstNodes.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(outcome.FirstNodes, outcome.SecondNodes);
        Assert.Equal(["a", "b"], outcome.BurstByNode.Keys.Order(StringComparer.Ordinal));
    }

    [TwoNodeFact]
    public async Task While_both_nodes_were_up_every_request_through_either_succeeded()
    {
        var outcome = await cluster.RunAsync();

        // First requests (each audited: case.created), replies and follow-ups from both nodes at once: they wait
        // for dblock (one writer for the audit chain and the record numbers across nodes), or some fail on its
        // unique keys.
        Assert.True(outcome.FirstRequestsBeforeKill >= 10, $"{outcome.FirstRequestsBeforeKill} first requests before the kill");
        Assert.True(outcome.ErrorsBeforeKill == 0, $"{outcome.ErrorsBeforeKill} failed requests while both nodes were up: {string.Join("; ", outcome.ErrorSamplesBeforeKill)}");
    }

    [TwoNodeFact]
    public async Task Nothing_acknowledged_before_or_after_the_kill_is_lost()
    {
        var outcome = await cluster.RunAsync();

        // Only what a dead node or its session explains: a cut connection, a 502 from the proxy while the
        // node was still listed, a session that ended with the node.
        Assert.True(outcome.Load.Acknowledged.Count >= 200, $"{outcome.Load.Acknowledged.Count} follow-ups acknowledged");
        var stored = outcome.StoredMessages.ToHashSet(StringComparer.Ordinal);
        var acknowledged = outcome.Load.Acknowledged.Select(a => a.RecordId)
            .Concat(outcome.FilesAcknowledged)
            .Concat(outcome.Watched.Where(w => w.Acknowledged).Select(w => w.RecordId))
            .ToList();
        var missing = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged follow-ups are missing; survivor: {outcome.SurvivorOutput}");
        Assert.Equal(outcome.StoredMessages.Count, stored.Count);

        // Every acknowledged first request made a case: the load's people, the watched, the file senders.
        Assert.True(outcome.Sources >= outcome.Load.Receipts.Count + outcome.Watched.Count, $"{outcome.Sources} sources for {outcome.Load.Receipts.Count + outcome.Watched.Count} acknowledged first requests");
    }

    [TwoNodeFact]
    public async Task Every_stored_file_has_its_blob_in_the_shared_folder_whichever_node_took_it()
    {
        var outcome = await cluster.RunAsync();

        // Waits for nodesweb (Haven:Blobs:Path): without it each node keeps its blobs in its own data directory.
        Assert.True(outcome.FilesAcknowledged.Count >= 3, $"{outcome.FilesAcknowledged.Count} files acknowledged");
        Assert.NotEmpty(outcome.StoredFiles);
        var missing = outcome.StoredFiles.Except(outcome.BlobsInSharedFolder, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {outcome.StoredFiles.Count} stored files have no blob in {cluster.Blobs}");
    }

    [TwoNodeFact]
    public async Task The_audit_chain_written_by_both_nodes_verifies_with_haven_audit_verify()
    {
        var outcome = await cluster.RunAsync();

        // Waits for dblock (the advisory lock haven.write): without it both nodes extend the same head.
        Assert.NotNull(outcome.AuditVerify);
        Assert.True(outcome.AuditVerify.ExitCode == 0, outcome.AuditVerify.ToString());
        Assert.Contains("The audit log verifies.", outcome.AuditVerify.Stdout, StringComparison.Ordinal);
    }

    [TwoNodeFact]
    public async Task People_and_responders_whose_node_died_carry_on_on_the_other_and_lose_no_text()
    {
        var outcome = await cluster.RunAsync();

        // Waits for nodesweb (anti-forgery keys in the database): a form from node a must be readable on node b.
        Assert.Contains(outcome.Watched, w => w.Node == outcome.Killed);
        Assert.Contains(outcome.Watched, w => w.Node != outcome.Killed);
        Assert.Equal(outcome.Killed, outcome.WatcherNode);
        Assert.True(outcome.SessionProblems.Count == 0, string.Join("\n", outcome.SessionProblems));
        Assert.All(outcome.Watched, w => Assert.True(w.Acknowledged, $"the follow-up of a person on node {w.Node} was not stored"));
    }

    [TwoNodeFact]
    public async Task Receipt_attempts_through_both_nodes_are_admitted_within_the_instance_limit()
    {
        var outcome = await cluster.RunAsync();

        // Waits for limits (throttle buckets in PostgreSQL): with a limiter per node, two nodes admit twice the limit.
        // The bucket holds ReceiptLimit permits and refills ReceiptLimit a minute; one more for a permit that came back while the burst ran.
        var refilled = (int)(outcome.BurstElapsed.TotalMinutes * TwoNodeCluster.ReceiptLimit);
        Assert.Equal(3 * TwoNodeCluster.ReceiptLimit, outcome.BurstAdmitted + outcome.BurstRefused);
        Assert.True(outcome.BurstAdmitted >= 1, "no receipt attempt was admitted");
        Assert.True(
            outcome.BurstAdmitted <= TwoNodeCluster.ReceiptLimit + refilled + 1,
            $"{outcome.BurstAdmitted} receipt attempts admitted in {outcome.BurstElapsed.TotalSeconds:F1} s (by node: {string.Join(", ", outcome.BurstByNode)}); the instance allows {TwoNodeCluster.ReceiptLimit} a minute");
    }

    [TwoNodeFact]
    public async Task Retention_ran_once_per_interval_for_the_instance_and_carried_on_after_the_kill()
    {
        var outcome = await cluster.RunAsync();

        // Waits for limits (node_leases, RetentionJob under the lease): without it no lease row counts runs, and
        // two nodes would each run retention every interval.
        Assert.True(outcome.RetentionRunsAtEnd is not null, "no node_leases row named 'retention'");
        var intervals = (long)(outcome.RetentionElapsed / TwoNodeCluster.RetentionInterval);
        Assert.True(
            outcome.RetentionRunsAtEnd <= intervals + 1,
            $"retention ran {outcome.RetentionRunsAtEnd} times in {outcome.RetentionElapsed.TotalSeconds:F0} s: more than once per {TwoNodeCluster.RetentionInterval.TotalSeconds:F0} s interval");
        Assert.True(
            outcome.RetentionRunsAfterKill >= (outcome.RetentionRunsAtKill ?? 0) + 2,
            $"retention ran {outcome.RetentionRunsAtKill} times before the kill and {outcome.RetentionRunsAfterKill} in the minute after: no node took it over");
    }
}
