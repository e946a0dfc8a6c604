namespace ClaimsLedger.Api.Vocabulary;

/// <summary>The closed vocabularies a claim is coded in. Anything outside them is rejected at the door.</summary>
public static class Codes
{
    // ISO 3166-1 alpha-2, officially assigned codes.
    private const string Iso3166Alpha2 =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
        "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
        "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
        "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
        "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

    public static readonly IReadOnlySet<string> Countries =
        Iso3166Alpha2.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> Regions = new HashSet<string>(StringComparer.Ordinal) { "CENTRAL_ASIA", "SOUTH_CAUCASUS" };

    /// <summary>Blocs that act as one power in the sources: the European Union and "the West" as the articles use it.</summary>
    public static readonly IReadOnlySet<string> Blocs = new HashSet<string>(StringComparer.Ordinal) { "EU", "WEST" };

    public static bool IsSubject(string? code) => code is not null && (Countries.Contains(code) || Regions.Contains(code));

    public static bool IsPower(string? code) => code is not null && (Countries.Contains(code) || Blocs.Contains(code));

    public const string SubjectRule = "an ISO 3166-1 alpha-2 country code (upper case) or CENTRAL_ASIA or SOUTH_CAUCASUS";
    public const string PowerRule = "an ISO 3166-1 alpha-2 country code (upper case), EU or WEST";
}
