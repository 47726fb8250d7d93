namespace Haven.Crypto.Tests;

public class SealedRecordTests
{
    [Fact]
    public void HoldsTheThreeColumns()
    {
        var record = new SealedRecord([1], [2], null);
        Assert.Equal([1], record.Ciphertext);
        Assert.Equal([2], record.KeyForCase);
        Assert.Null(record.KeyForSource);
    }
}
