using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.Contradictions;

// What the contradiction projection remembers between batches, derived from events only. Internal to the projection:
// rebuilt with it, never served.

/// <summary>A claim as far as contradictions are concerned: its coding, standing and supporting sources, and its contradictions.</summary>
public sealed class ContradictionClaim
{
    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";
    public List<Effect> Effects { get; set; } = [];
    public DateTimeOffset? ValidStart { get; set; }
    public DateTimeOffset? ValidEnd { get; set; }
    public ClaimStatus Status { get; set; }
    public List<Support> Supports { get; set; } = [];
    public List<string> ContradictionIds { get; set; } = [];

    public sealed record Support(string SourceId, string IndependenceKey);

    /// <summary>The (subject, power, dimension) cells the claim moves, whichever direction: where a contradiction can be.</summary>
    public IEnumerable<string> Keys => Effects.Select(e => ContradictionKey.For(Subject, e)).Distinct();
}

/// <summary>A source's retraction (its evidence then supports nothing) and the claims it supports.</summary>
public sealed class ContradictionSource
{
    public string Id { get; set; } = "";
    public bool Retracted { get; set; }
    public List<string> ClaimIds { get; set; } = [];
}

/// <summary>The claims that move one (subject, power, dimension): the only claims one of them can contradict.</summary>
public sealed class ContradictionKey
{
    public string Id { get; set; } = "";
    public List<string> ClaimIds { get; set; } = [];

    public static string For(string subject, Effect effect) => $"{subject}|{effect.Power}|{effect.Dimension}";
}
