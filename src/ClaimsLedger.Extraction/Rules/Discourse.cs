using ClaimsLedger.Extraction.Lexicon;

namespace ClaimsLedger.Extraction.Rules;

/// <summary>
/// What the text has spoken of so far, for pronouns to stand for: the country (never a region) named in the last few sentences ("its",
/// "the country"), and the region the text is about ("they", "these countries", "the region") — the one it has named
/// most, its own or through its countries, since an article about Central Asia that mentions Armenia once is still about
/// Central Asia.
/// </summary>
internal sealed class Discourse(Vocabulary vocabulary)
{
    // How many sentences back a pronoun may reach for its country.
    private const int CarryOverSentences = 2;

    private readonly Dictionary<string, int> _regionMentions = new(StringComparer.Ordinal);
    private string? _country;
    private int _countryAge;

    public Antecedents Current => new(_countryAge <= CarryOverSentences ? _country : null,
        _regionMentions.Count == 0 ? null : _regionMentions.OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).First().Key);

    public void Observe(SentenceReading reading)
    {
        // Only a country the ledger tracks can be carried to "it"/"the country": not a power, not the war's setting.
        var tracked = reading.Entities.Select(e => e.Code)
            .Where(c => !vocabulary.Powers.Contains(c) && !vocabulary.ContextOnly.Contains(c)).ToList();
        var country = tracked.FirstOrDefault(c => !vocabulary.RegionMembers.ContainsKey(c));
        if (country is not null) { _country = country; _countryAge = 0; }
        else _countryAge++;
        foreach (var code in tracked)
        {
            var region = vocabulary.RegionMembers.ContainsKey(code) ? code
                : vocabulary.RegionMembers.FirstOrDefault(m => m.Value.Contains(code)).Key;
            if (region is not null) _regionMentions[region] = _regionMentions.GetValueOrDefault(region) + 1;
        }
    }
}
