using ClaimsLedger.Api.Claims;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Provenance;

public sealed partial class SourceClaimLinkProjection : EventProjection
{
    // Replays overwrite documents in place rather than tearing the table down first: this projection never
    // deletes a document and its ids are stable, so reads keep seeing every document during a rebuild.
    public SourceClaimLinkProjection()
    {
        Name = "SourceClaimLink";
        Options.TeardownDataOnRebuild = false;
    }

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
