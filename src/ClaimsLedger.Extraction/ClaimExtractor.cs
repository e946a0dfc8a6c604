using ClaimsLedger.Extraction.Lexicon;
using ClaimsLedger.Extraction.Quantities;
using ClaimsLedger.Extraction.Rules;
using ClaimsLedger.Extraction.Text;
using ClaimsLedger.Extraction.Time;

namespace ClaimsLedger.Extraction;

/// <summary>Turns a text and its publication date into candidate claims. Deterministic; thread-safe.</summary>
public sealed class ClaimExtractor
{
    private const double BaseConfidence = 0.8, HedgePenalty = 0.1;

    private readonly Vocabulary _vocabulary;
    private readonly ClaimRules _rules;

    private ClaimExtractor(Vocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _rules = new ClaimRules(vocabulary);
    }

    public static ClaimExtractor Default { get; } = new(Vocabulary.Load());

    public ExtractorInfo Info { get; } = new("rules", ExtractorVersion.Current);

    public IReadOnlyList<CandidateClaim> Extract(string text, DateOnly published)
    {
        ArgumentNullException.ThrowIfNull(text);
        var claims = new List<CandidateClaim>();
        var discourse = new Discourse(_vocabulary);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            var tokens = Tokenizer.Tokenize(text, sentence.Start, sentence.End);
            var reading = SentenceReading.Read(tokens, _vocabulary);
            Bystanders.Remove(reading, _vocabulary);
            var quote = text[sentence.Start..sentence.End];
            // A question asserts nothing ("Could China fill the gap?"); what it names may still be spoken of next.
            var findings = IsQuestion(quote) ? [] : _rules.Decide(reading, discourse.Current);
            foreach (var finding in findings)
            {
                var claim = Build(finding, quote, sentence, reading, published);
                // Claim identity is (subject, effects, valid time): a text repeating itself (a lede echoed at the
                // end, a caption twice) states one claim once.
                if (seen.Add(Identity(claim))) claims.Add(claim);
            }
            discourse.Observe(reading);
        }
        return claims;
    }

    private static bool IsQuestion(string quote) => quote.TrimEnd('"', '”', '’', '\'', ')').EndsWith('?');

    private static string Identity(CandidateClaim c) =>
        $"{c.Subject}|{string.Join(",", c.Effects.Select(e => $"{e.Power}:{e.Dimension}:{e.Direction}"))}|{c.ValidTime}";

    private CandidateClaim Build(Finding finding, string quote, Sentence sentence, SentenceReading reading, DateOnly published)
    {
        var quantity = QuantityParser.Parse(quote, _vocabulary.IsPeopleNoun) is { } q ? new CandidateQuantity(q.Value, q.Unit) : null;
        var confidence = BaseConfidence - HedgePenalty * Math.Min(reading.Hedges, 4) + (quantity is null ? 0 : 0.05);
        return new CandidateClaim(
            finding.Subject,
            StatementWriter.Write(finding.Subject, finding.Effects, _vocabulary.DisplayNames),
            finding.Effects,
            ValidTimeResolver.Resolve(quote, published) ?? ValidTimeResolver.Default(published),
            quantity,
            new CandidateEvidence(sentence.Start, sentence.End, quote),
            Math.Round(Math.Clamp(confidence, 0.3, 0.95), 2));
    }
}
