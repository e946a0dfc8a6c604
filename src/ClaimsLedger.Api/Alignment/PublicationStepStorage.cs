using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a publication step: <c>["2018-05-01T00:00:00Z", 0.78]</c>, not
/// <c>{"publishedBy": "2018-05-01T00:00:00+00:00", "contribution": 0.78}</c>. Every contribution span, alignment claim and
/// history entry carries steps (two thirds of a span's JSON, a sixth of an entry's), so the shorter form is a few percent of
/// the ledger. The API never serves steps. SQL reading a step takes both forms (<see cref="PublishedBySql"/>,
/// <see cref="ContributionSql"/>).
/// </summary>
public sealed class PublicationStepStorage : StoredAsArray<PublicationStep>
{
    protected override void WriteValues(Utf8JsonWriter writer, PublicationStep value, JsonSerializerOptions options)
    {
        WriteInstant(writer, value.PublishedBy);
        writer.WriteNumberValue(value.Contribution);
    }

    protected override PublicationStep ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var publishedBy = reader.GetDateTimeOffset();
        reader.Read();
        return new PublicationStep(publishedBy, reader.GetDecimal());
    }

    /// <summary>A stored step's publication instant in SQL, either form.</summary>
    public static string PublishedBySql(string step) => $"coalesce({step} ->> 'publishedBy', {step} ->> 0)::timestamptz";

    /// <summary>A stored step's contribution in SQL, either form.</summary>
    public static string ContributionSql(string step) => $"coalesce({step} ->> 'contribution', {step} ->> 1)::numeric";
}
