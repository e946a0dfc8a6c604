using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How much one claim moves one power's score. Documented in README ("How alignment is scored"); change both together.
/// contribution = ±strength × confidence × reliability × corroboration × contest, rounded to 4 decimals, so a
/// score — the sum of its rounded contributions — is exactly additive and every change can be attributed.
/// </summary>
public static class Scoring
{
    public static decimal ReliabilityWeight(ReliabilityGrade? grade) => grade switch
    {
        ReliabilityGrade.A => 1.0m,
        ReliabilityGrade.B => 0.8m,
        ReliabilityGrade.C => 0.6m,
        ReliabilityGrade.D => 0.4m,
        ReliabilityGrade.E => 0.2m,
        _ => 0.5m, // F, or not graded yet: reliability cannot be judged
    };

    /// <summary>Each further independent voice adds half the weight of the first, up to double.</summary>
    public static decimal CorroborationFactor(int independentSources) =>
        independentSources <= 0 ? 0m : Math.Min(2m, 1m + 0.5m * (independentSources - 1));

    /// <summary>
    /// Who a contestation speaks for. Evidence speaks for its source's original publisher, like support does; an
    /// analyst's judgement without evidence marks the claim disputed, and every such judgement together is one voice,
    /// however many names make them: voices are counted from sources, which names cannot fake.
    /// </summary>
    public static string ContestingVoice(Evidence? evidence) => evidence?.IndependenceKey ?? AnalystsVoice;

    /// <summary>The one voice that analysts' contestations without evidence share.</summary>
    public const string AnalystsVoice = "analysts";

    /// <summary>Disputes dilute a claim in proportion to the voices supporting it.</summary>
    public static decimal ContestFactor(int independentSources, int contesters) =>
        independentSources <= 0 ? 0m : (decimal)independentSources / (independentSources + contesters);

    /// <summary>Only claims in force weigh: recorded or accepted. Proposed ones wait for review; rejected and retracted weigh nothing.</summary>
    public static bool InForce(ClaimStatus status) => status is ClaimStatus.Recorded or ClaimStatus.Accepted;

    public static decimal Contribution(Effect effect, double confidence, decimal reliability, int independentSources, int contesters)
    {
        var sign = effect.Direction == Vocabulary.Direction.Toward ? 1m : -1m;
        var raw = sign * effect.Strength * (decimal)confidence * reliability
                  * CorroborationFactor(independentSources) * ContestFactor(independentSources, contesters);
        return Math.Round(raw, 4, MidpointRounding.ToEven);
    }
}
