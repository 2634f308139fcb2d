using Cais.Common;

namespace Cais.Containers;

/// <summary>Docker-style "adjective_surname" names for containers created without --name.</summary>
public static class NameGenerator
{
    private static readonly string[] s_adjectives =
    [
        "agile", "amber", "bold", "brave", "bright", "calm", "clever", "cosmic", "crisp", "daring", "eager", "elegant",
        "fearless", "fervent", "gentle", "glad", "golden", "happy", "hardy", "humble", "jolly", "keen", "kind", "lively",
        "lucid", "mellow", "merry", "modest", "nimble", "noble", "patient", "placid", "proud", "quick", "quiet", "rapid",
        "serene", "sharp", "silent", "smart", "steady", "sunny", "swift", "tender", "tidy", "vivid", "warm", "wise", "witty", "zealous",
    ];

    private static readonly string[] s_surnames =
    [
        "agnesi", "babbage", "bell", "bohr", "boole", "cannon", "curie", "darwin", "dijkstra", "einstein", "euler",
        "faraday", "fermi", "franklin", "galileo", "gauss", "goodall", "hamilton", "hawking", "hopper", "hypatia",
        "johnson", "kepler", "knuth", "lamarr", "leakey", "liskov", "lovelace", "maxwell", "meitner", "mendel",
        "noether", "pasteur", "planck", "ritchie", "sagan", "shannon", "somerville", "tesla", "thompson", "torvalds",
        "turing", "volta", "wiles", "wright", "wu", "yalow", "yonath",
    ];

    public static string Next() =>
        $"{s_adjectives[SecureRandom.NextInt32(s_adjectives.Length)]}_{s_surnames[SecureRandom.NextInt32(s_surnames.Length)]}";
}
