using Haven.Storage;

namespace Haven.Instance;

/// <summary>
/// The instance keys as the running server knows them: absent until set-up finishes.
/// </summary>
internal sealed class InstanceState
{
    private volatile InstanceKeys? _keys;

    public InstanceState(DataDirectory data)
    {
        if (InstanceKeys.Exists(data))
        {
            _keys = InstanceKeys.Load(data);
        }
    }

    public InstanceKeys? Keys => _keys;

    public bool IsInitialized => _keys is not null;

    public InstanceKeys Required => _keys ?? throw new InvalidOperationException("Haven is not set up yet.");

    public void Set(InstanceKeys keys) => _keys = keys;
}
