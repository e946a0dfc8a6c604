using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a publication step: <c>["2018-05-01Z", 0.78]</c> (<see cref="StoredInstant"/>), not
/// <c>{"publishedBy": "2018-05-01T00:00:00+00:00", "contribution": 0.78}</c>. Every contribution span, alignment claim and
/// history entry carries steps (two thirds of a span's JSON, a sixth of an entry's), so the shorter form is a few percent of
/// the ledger. The API never serves steps. SQL reading a step takes both forms (<see cref="PublishedBySql"/>,
/// <see cref="ContributionSql"/>).
/// </summary>
public sealed class PublicationStepStorage : StoredAsArray<PublicationStep>
{
    protected override void WriteValues(Utf8JsonWriter writer, PublicationStep value, JsonSerializerOptions options)
    {
        StoredInstant.Write(writer, value.PublishedBy);
        writer.WriteNumberValue(value.Contribution);
    }

    protected override PublicationStep ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var publishedBy = StoredInstant.Read(ref reader, "publication instant");
        reader.Read();
        return new PublicationStep(publishedBy, reader.GetDecimal());
    }

    private static readonly ListStoredAsArrays<PublicationStep, PublicationStepStorage> List = new();

    /// <summary>Steps inside a value stored as an array (a delta, an alignment claim's contribution): null as null.</summary>
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<PublicationStep>? steps, JsonSerializerOptions options)
    {
        if (steps is null) writer.WriteNullValue();
        else List.Write(writer, steps as List<PublicationStep> ?? [.. steps], options);
    }

    /// <summary>The steps <see cref="WriteList"/> wrote, the reader on them.</summary>
    public static List<PublicationStep>? ReadList(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : List.Read(ref reader, typeof(List<PublicationStep>), options);

    /// <summary>A stored step's publication instant in SQL, either form.</summary>
    public static string PublishedBySql(string step) => $"coalesce({step} ->> 'publishedBy', {step} ->> 0)::timestamptz";

    /// <summary>A stored step's contribution in SQL, either form.</summary>
    public static string ContributionSql(string step) => $"coalesce({step} ->> 'contribution', {step} ->> 1)::numeric";
}
