namespace Haven.Record.Vocabulary;

/// <summary>What is wrong with a gazetteer CSV, or with one of its lines. Any problem means nothing is imported.</summary>
internal enum GazetteerImportProblem
{
    /// <summary>The responder may not edit the gazetteer.</summary>
    NotAllowed,

    /// <summary>The file is larger than <see cref="RecordOptions.GazetteerImportMaxBytes"/>.</summary>
    TooLarge,

    /// <summary>The file is not UTF-8 text.</summary>
    NotUtf8,

    /// <summary>The file is empty: not even a header.</summary>
    Empty,

    /// <summary>The header does not start with <c>code,parent_code,label_en,label_ru</c>.</summary>
    BadHeader,

    /// <summary>A column after the first four is not <c>label_</c> and a culture name (the detail is the column).</summary>
    UnknownColumn,

    /// <summary>A column appears twice (the detail is the column).</summary>
    DuplicateColumn,

    /// <summary>A line's quotes are broken, or it has more fields than the header.</summary>
    Malformed,

    /// <summary>The <c>retired</c> column holds something other than <c>true</c>, <c>false</c> or nothing.</summary>
    InvalidRetired,

    /// <summary>The code is not <c>[A-Za-z0-9_-]{1,64}</c>.</summary>
    InvalidCode,

    /// <summary>The code appears on an earlier line too (the detail is the code).</summary>
    DuplicateCode,

    /// <summary>The parent code is not a country, in the file or in the gazetteer (the detail is the parent code).</summary>
    InvalidParent,

    /// <summary>A country that has regions would become a region (the detail is the code).</summary>
    HasRegions,

    /// <summary>The English label is empty.</summary>
    MissingEnglishLabel,

    /// <summary>A label is too long or holds control characters (the detail is its column).</summary>
    InvalidLabel,

    /// <summary>The gazetteer would hold more than <see cref="RecordOptions.MaxRegions"/> countries and regions.</summary>
    TooManyRegions,
}
