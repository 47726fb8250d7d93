namespace Haven.Record.Vocabulary;

/// <summary>
/// The terms every instance starts with, in English and Russian, in the order of the lists (migration
/// <c>RecordVocabulary</c>; the model holds them as seed data). The keys are part of the record format and never
/// change; administrators rename, retire and add to these terms afterwards. The Russian is written for lawyers and
/// for the people themselves: plain, exact, and without gendered forms where a neutral one reads naturally.
/// </summary>
internal static class VocabularySeed
{
    /// <summary>Each list's seeded terms, in order: key, English label, Russian label.</summary>
    public static readonly IReadOnlyDictionary<TermList, IReadOnlyList<(string Key, string English, string Russian)>> Terms =
        new Dictionary<TermList, IReadOnlyList<(string Key, string English, string Russian)>>
        {
            [TermList.ActType] =
            [
                ("arbitrary_detention", "Arbitrary detention", "Произвольное задержание"),
                ("torture", "Torture or ill-treatment", "Пытки или жестокое обращение"),
                ("killing", "Killing", "Убийство"),
                ("enforced_disappearance", "Enforced disappearance", "Насильственное исчезновение"),
                ("abduction", "Abduction", "Похищение"),
                ("extortion", "Extortion", "Вымогательство"),
                ("threats", "Threats", "Угрозы"),
                ("forced_outing", "Forced outing or forced informing on others", "Принудительный аутинг или принуждение доносить на других"),
                ("family_violence", "Family or “honour” violence", "Насилие со стороны семьи, в том числе «во имя чести»"),
                ("entrapment", "Entrapment through dating apps or social media", "Заманивание в ловушку через приложения знакомств или соцсети"),
                ("other", "Other", "Другое"),
            ],
            [TermList.VictimStatus] =
            [
                ("held", "Held", "Удерживается"),
                ("released", "Released", "Освобождён(а)"),
                ("escaped", "Escaped", "Смог(ла) бежать"),
                ("missing", "Missing", "Пропал(а) без вести"),
                ("dead", "Dead", "Погиб(ла)"),
                ("exiled", "Exiled", "В изгнании"),
                ("displaced", "Displaced", "Вынужденно покинул(а) место жительства"),
            ],
            [TermList.PerpetratorType] =
            [
                ("state_security", "State security services", "Органы государственной безопасности"),
                ("police", "Police", "Полиция"),
                ("military", "Military", "Военные"),
                ("local_officials", "Local officials", "Представители местной власти"),
                ("family", "Family", "Семья или родственники"),
                ("other_non_state", "Other non-state actors", "Другие негосударственные лица"),
                ("unknown", "Unknown", "Неизвестно"),
            ],
            [TermList.InvolvementDegree] =
            [
                ("carried_out", "Carried out", "Непосредственное исполнение"),
                ("ordered", "Ordered", "Отдача приказа"),
                ("planned", "Planned", "Планирование"),
                ("complicit", "Complicit", "Соучастие"),
                ("suspected", "Suspected", "Предполагаемое участие"),
            ],
            [TermList.SourceConnection] =
            [
                ("victim", "Victim", "Пострадавшее лицо"),
                ("witness", "Witness", "Свидетель"),
                ("relative", "Relative", "Родственник или родственница"),
                ("second_hand", "Second-hand account", "Информация из вторых рук"),
                ("document", "Document", "Документ"),
                ("media", "Media", "СМИ"),
            ],
            [TermList.AgeBand] =
            [
                ("under_18", "Under 18", "До 18 лет"),
                ("18_25", "18–25", "18–25 лет"),
                ("26_35", "26–35", "26–35 лет"),
                ("36_50", "36–50", "36–50 лет"),
                ("over_50", "Over 50", "Старше 50 лет"),
                ("unknown", "Unknown", "Неизвестно"),
            ],
        };

    /// <summary>The seeded rows of <c>vocabulary_terms</c>: positions 10, 20, 30… so that a term fits between two.</summary>
    public static IEnumerable<StoredTerm> StoredTerms() =>
        Terms.SelectMany(list => list.Value.Select((t, i) => new StoredTerm { List = list.Key, Key = t.Key, Position = (i + 1) * 10 }));

    /// <summary>The seeded rows of <c>vocabulary_term_labels</c>.</summary>
    public static IEnumerable<StoredTermLabel> StoredLabels() =>
        Terms.SelectMany(list => list.Value.SelectMany(t => new[]
        {
            new StoredTermLabel { List = list.Key, Key = t.Key, Culture = "en", Label = t.English },
            new StoredTermLabel { List = list.Key, Key = t.Key, Culture = "ru", Label = t.Russian },
        }));
}
