using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Sources;

/// <summary>
/// Which source holds a text, by the text's SHA-256: registering the same text again finds it with one key lookup, and
/// learns whether it comes from the same carrier (the same document again) or another (a syndicated copy). Only the first
/// source with a text is recorded here; its copies point at it. (SourceDetails' unique index on the originals' hashes
/// still guards against two registrations of one text racing each other.)
/// </summary>
public sealed class SourceText
{
    public string Id { get; set; } = "";
    public string SourceId { get; set; } = "";
    public string Carrier { get; set; } = "";
    public string? OriginalPublisher { get; set; }
}

public sealed partial class SourceTextProjection : EventProjection
{
    public SourceTextProjection()
    {
        Name = "SourceText";
        Options.TeardownDataOnRebuild = false;
    }

    public void Project(IEvent<SourceRegistered> e, IDocumentOperations ops)
    {
        if (e.Data.CopyOf is null)
            ops.Store(new SourceText { Id = e.Data.Sha256, SourceId = e.Data.SourceId, Carrier = e.Data.Carrier, OriginalPublisher = e.Data.OriginalPublisher });
    }
}
