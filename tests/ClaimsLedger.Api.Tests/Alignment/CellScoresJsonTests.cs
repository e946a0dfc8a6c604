using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Vocabulary;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// A cell table is stored as System.Text.Json writes any dictionary and read back whole, whatever its keys: the converter that
/// reads it without a string per key must not change what the documents already stored say.
/// </summary>
public sealed class CellScoresJsonTests
{
    // As Marten's serializer is configured (MartenSetup): camelCase members, no dictionary key policy.
    private static readonly JsonSerializerOptions Stored = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.Select(Gen.OneOf<string>("CN", "RU", "US", "EU", "WEST", "KZ"), Gen.Int[0, ScoreCell.ColumnNames.Count - 1],
            (power, column) => $"{power}|{ScoreCell.ColumnNames[column]}"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 80],
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 4], Gen.OneOf<string>("economic", "space", "Overall", "", "|"),
            (power, column) => $"{power}|{column}"));

    [Fact]
    public void a_cell_table_reads_back_as_it_was_written_and_as_a_plain_dictionary_writes_it()
    {
        Gen.Select(Key, Gen.Decimal).List[0, 40].Sample(pairs =>
        {
            var scores = pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2);
            var cells = new AlignmentCells { Scores = new Dictionary<string, decimal>(scores, StringComparer.Ordinal) };
            var json = JsonSerializer.Serialize(cells, Stored);
            var plain = JsonSerializer.Serialize(scores, Stored);
            var read = JsonSerializer.Deserialize<AlignmentCells>(json, Stored)!;
            return JsonDocument.Parse(json).RootElement.GetProperty("scores").GetRawText() == JsonDocument.Parse(plain).RootElement.GetRawText()
                   && read.Scores.Count == scores.Count && scores.All(s => read.Scores.TryGetValue(s.Key, out var v) && v == s.Value);
        });
    }

    [Fact]
    public void keys_written_with_escapes_or_unknown_columns_read_as_they_are_spelled()
    {
        var read = JsonSerializer.Deserialize<AlignmentCells>(
            """{"scores": {"C\u004E|economic": 1.5, "CN|space": 2, "nobar": -0.25, "RU|overall": 3.10}}""", Stored)!;

        read.Scores.ShouldBe(new Dictionary<string, decimal> { ["CN|economic"] = 1.5m, ["CN|space"] = 2m, ["nobar"] = -0.25m, ["RU|overall"] = 3.10m },
            ignoreOrder: true);
        read.Cell(new ScoreCell("CN", Dimension.Economic)).ShouldBe(1.5m);
        read.Cell(ScoreCell.Overall("RU")).ShouldBe(3.10m);
    }

    [Fact]
    public void a_known_cell_is_read_into_the_key_its_cell_names()
    {
        var read = JsonSerializer.Deserialize<AlignmentCells>("""{"scores": {"TR|energy": 4}}""", Stored)!;

        ReferenceEquals(read.Scores.Keys.Single(), new ScoreCell("TR", Dimension.Energy).Key).ShouldBeTrue();
    }

    [Fact]
    public void a_cell_table_that_is_not_an_object_of_scores_is_refused()
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<AlignmentCells>("""{"scores": [1, 2]}""", Stored));
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<AlignmentCells>("""{"scores": {"CN|economic": "x"}}""", Stored));
    }
}
