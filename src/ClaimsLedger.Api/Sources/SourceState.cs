namespace ClaimsLedger.Api.Sources;

/// <summary>The write model of a source: only what its commands decide on. Never served by the API.</summary>
public sealed partial record SourceState(string Id, string Sha256, ReliabilityGrade? Grade, bool Retracted) : IWriteModel
{
    public static string Kind => "Source";

    /// <summary>The stream version this state was folded up to; Marten sets it.</summary>
    public long Version { get; set; }

    public static SourceState Create(SourceRegistered e) => new(e.SourceId, e.Sha256, null, false);
    public SourceState Apply(SourceReliabilityGraded e) => this with { Grade = e.Grade };
    public SourceState Apply(SourceRetracted e) => this with { Retracted = true };
}
