using ClaimsLedger.Api.Claims;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Provenance;

/// <summary>
/// One passage of a source that a claim rests on or is disputed by. One document per event, so concurrent
/// claims about one source never contend for a shared document (an inline multi-stream document would lose
/// updates under concurrent writers). Keyed by the event's id: under Marten 9's Quick append mode an inline
/// projection sees Sequence = 0 (sequences are assigned by the database on insert), so no sequence here.
/// </summary>
public sealed class SourceClaimLink
{
    public Guid Id { get; set; }
    public string SourceId { get; set; } = "";
    public string ClaimId { get; set; } = "";
    public string Role { get; set; } = "";
    public int Start { get; set; }
    public int End { get; set; }
    public string Quote { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

public sealed partial class SourceClaimLinkProjection : EventProjection
{
    public SourceClaimLink Create(IEvent<ClaimExtracted> e) => Link(e, e.Data.Evidence, "extracted", e.Data.Actor);

    public SourceClaimLink Create(IEvent<ClaimCorroborated> e) => Link(e, e.Data.Evidence, "corroborated", e.Data.Actor);

    public void Project(IEvent<ClaimContested> e, Marten.IDocumentOperations ops)
    {
        if (e.Data.Evidence is { } evidence) ops.Store(Link(e, evidence, "contested", e.Data.Actor));
    }

    private static SourceClaimLink Link(IEvent e, Evidence evidence, string role, string actor) => new()
    {
        Id = e.Id,
        SourceId = evidence.SourceId, ClaimId = e.StreamKey!, Role = role,
        Start = evidence.Start, End = evidence.End, Quote = evidence.Quote, Actor = actor,
        RecordedAt = e.Timestamp,
    };
}
