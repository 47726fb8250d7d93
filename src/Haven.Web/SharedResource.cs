namespace Haven.Web;

/// <summary>Marker for the shared resource files: Resources/SharedResource.resx (English) and one file per other language.</summary>
internal sealed class SharedResource
{
}
