using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Sources;

/// <summary>
/// Which source holds a text, by the text's SHA-256: registering the same text again finds it with one key lookup.
/// (SourceDetails' unique index on Sha256 still guards against two registrations of one text racing each other.)
/// </summary>
public sealed class SourceText
{
    public string Id { get; set; } = "";
    public string SourceId { get; set; } = "";
}

public sealed partial class SourceTextProjection : EventProjection
{
    public SourceTextProjection()
    {
        Name = "SourceText";
        Options.TeardownDataOnRebuild = false;
    }

    public SourceText Create(IEvent<SourceRegistered> e) => new() { Id = e.Data.Sha256, SourceId = e.Data.SourceId };
}
