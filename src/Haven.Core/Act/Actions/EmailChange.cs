namespace Haven.Act.Actions;

/// <summary>What to do with a target's sealed e-mail address: the desk never shows it, it can only be kept, replaced or removed.</summary>
internal enum EmailChange
{
    Keep = 0,
    Replace = 1,
    Remove = 2,
}
