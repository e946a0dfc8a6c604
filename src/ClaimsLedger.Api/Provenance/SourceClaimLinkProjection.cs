using System.Security.Cryptography;
using System.Text;
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

    public SourceClaimLink Create(IEvent<ClaimExtracted> e) => Link(e, e.Id, e.Data.Evidence, "extracted", e.Data.Actor);

    public SourceClaimLink Create(IEvent<ClaimCorroborated> e) => Link(e, e.Id, e.Data.Evidence, "corroborated", e.Data.Actor);

    public void Project(IEvent<ClaimContested> e, Marten.IDocumentOperations ops)
    {
        if (e.Data.Evidence is { } evidence) ops.Store(Link(e, e.Id, evidence, "contested", e.Data.Actor));
    }

    /// <summary>
    /// A merge links each passage it carries to the surviving claim (role "merged", or "contested" for a carried
    /// contestation); the duplicate keeps its own links, so a source still shows every claim it ever produced.
    /// </summary>
    public void Project(IEvent<ClaimsMerged> e, Marten.IDocumentOperations ops)
    {
        var index = 0;
        foreach (var evidence in e.Data.Evidence) ops.Store(Link(e, Derived(e.Id, index++), evidence, "merged", e.Data.Actor));
        foreach (var c in e.Data.Contestations)
            if (c.Evidence is { } evidence) ops.Store(Link(e, Derived(e.Id, index++), evidence, "contested", c.Actor));
    }

    /// <summary>One event, several links: each gets an id derived from the event's and its position, the same on every replay.</summary>
    private static Guid Derived(Guid eventId, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId:N}/{index}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static SourceClaimLink Link(IEvent e, Guid id, Evidence evidence, string role, string actor) => new()
    {
        Id = id,
        SourceId = evidence.SourceId, ClaimId = e.StreamKey!, Role = role,
        Start = evidence.Start, End = evidence.End, Actor = actor,
        RecordedAt = e.Timestamp,
    };
}
