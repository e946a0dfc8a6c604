using System.Text;
using System.Text.Json;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// The store writes a day's start as the day alone and any other instant in UTC to the tick; it reads every form, and
/// PostgreSQL reads what it writes as the same instant whatever the session's time zone.
/// </summary>
public sealed class StoredInstantTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly (DateTimeOffset Instant, string Stored)[] Cases =
    [
        (new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero), "2023-05-01Z"),
        // Midnight elsewhere is not a UTC day's start: written with its time.
        (new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.FromHours(5)), "2023-04-30T19:00:00Z"),
        (new DateTimeOffset(2019, 7, 1, 12, 30, 0, 250, TimeSpan.Zero).AddTicks(7), "2019-07-01T12:30:00.2500007Z"),
        (new DateTimeOffset(2019, 7, 1, 12, 30, 0, 250, TimeSpan.Zero).AddTicks(10), "2019-07-01T12:30:00.250001Z"),
        (new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "0001-01-01Z"),
    ];

    private static string Written(DateTimeOffset instant)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) StoredInstant.Write(writer, instant);
        return JsonSerializer.Deserialize<string>(buffer.ToArray())!;
    }

    private static DateTimeOffset ReadBack(string stored)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(stored)));
        reader.Read();
        return StoredInstant.Read(ref reader, "instant");
    }

    [Fact]
    public void a_days_start_is_written_as_the_day_and_every_form_reads_as_the_same_instant()
    {
        foreach (var (instant, stored) in Cases)
        {
            Written(instant).ShouldBe(stored);
            ReadBack(stored).ShouldBe(instant);
            ReadBack(stored).Offset.ShouldBe(TimeSpan.Zero);
            // As earlier builds and the API write it.
            ReadBack(instant.ToString("O")).ShouldBe(instant);
        }
        Should.Throw<JsonException>(() => ReadBack("2023-13-01Z"));
        Should.Throw<JsonException>(() => ReadBack("soon"));
    }

    [Fact]
    public async Task postgres_reads_each_written_form_as_the_same_instant_in_any_session_time_zone()
    {
        // The instants PostgreSQL holds exactly (it keeps microseconds); year 1 (the minimum, which Npgsql writes as -infinity) left to .NET.
        foreach (var (instant, stored) in Cases.Where(c => c.Instant.Year > 1 && c.Instant.Ticks % 10 == 0))
        {
            var read = await Fixture.RowsAsync($"set time zone 'America/New_York'; select '{stored}'::timestamptz", r => r.GetFieldValue<DateTimeOffset>(0));
            read.Single().ShouldBe(instant);
        }
    }
}
