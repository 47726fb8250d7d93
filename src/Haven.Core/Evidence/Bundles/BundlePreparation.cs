namespace Haven.Evidence.Bundles;

/// <summary>The answer of <see cref="BuildBundleCommand.PrepareAsync"/>: a refusal, or the plan to stream.</summary>
internal sealed record BundlePreparation(BundleRefusal? Refusal, BundlePlan? Plan)
{
    public static BundlePreparation Refuse(BundleRefusal refusal) => new(refusal, null);

    public static BundlePreparation Ready(BundlePlan plan) => new(null, plan);
}
