using System.Collections.Frozen;
using McpGateway.Tools.Calculator.Numbers;

namespace McpGateway.Tools.Calculator.Units;

/// <summary>A unit: its quantity and the exact affine map to the quantity's base unit (<c>base = value · Factor + Offset</c>).</summary>
public sealed record Unit(string Id, string Quantity, string Name, ExactNumber Factor, ExactNumber Offset)
{
    public ExactNumber ToBase(ExactNumber value) => value * Factor + Offset;

    public ExactNumber FromBase(ExactNumber value) => (value - Offset) / Factor;
}

/// <summary>
/// The units <c>convert_units</c> knows, each with an exact factor from its definition (the international yard and
/// pound of 1959, US customary volumes from the gallon of 231 in³, the imperial gallon of 4.54609 l, IEC binary
/// prefixes, the thermochemical calorie, the 2019 SI electronvolt).
/// </summary>
public static class UnitCatalog
{
    private static readonly Unit[] All =
    [
        // length: metre
        U("nm", "length", "nanometre", "1e-9"),
        U("um", "length", "micrometre", "1e-6"),
        U("mm", "length", "millimetre", "0.001"),
        U("cm", "length", "centimetre", "0.01"),
        U("m", "length", "metre", "1"),
        U("km", "length", "kilometre", "1000"),
        U("in", "length", "inch", "0.0254"),
        U("ft", "length", "foot", "0.3048"),
        U("yd", "length", "yard", "0.9144"),
        U("mi", "length", "mile", "1609.344"),
        U("nmi", "length", "nautical mile", "1852"),

        // mass: kilogram
        U("mg", "mass", "milligram", "1e-6"),
        U("g", "mass", "gram", "0.001"),
        U("kg", "mass", "kilogram", "1"),
        U("t", "mass", "tonne", "1000"),
        U("oz", "mass", "ounce (avoirdupois)", "0.028349523125"),
        U("lb", "mass", "pound (avoirdupois)", "0.45359237"),
        U("st", "mass", "stone", "6.35029318"),

        // volume: cubic metre
        U("ml", "volume", "millilitre", "1e-6"),
        U("cm3", "volume", "cubic centimetre", "1e-6"),
        U("l", "volume", "litre", "0.001"),
        U("m3", "volume", "cubic metre", "1"),
        U("tsp", "volume", "US teaspoon", "0.00000492892159375"),
        U("tbsp", "volume", "US tablespoon", "0.00001478676478125"),
        U("floz", "volume", "US fluid ounce", "0.0000295735295625"),
        U("cup", "volume", "US cup", "0.0002365882365"),
        U("pt", "volume", "US liquid pint", "0.000473176473"),
        U("qt", "volume", "US liquid quart", "0.000946352946"),
        U("gal", "volume", "US gallon", "0.003785411784"),
        U("imp_gal", "volume", "imperial gallon", "0.00454609"),
        U("in3", "volume", "cubic inch", "0.000016387064"),
        U("ft3", "volume", "cubic foot", "0.028316846592"),

        // area: square metre
        U("mm2", "area", "square millimetre", "1e-6"),
        U("cm2", "area", "square centimetre", "1e-4"),
        U("m2", "area", "square metre", "1"),
        U("ha", "area", "hectare", "10000"),
        U("km2", "area", "square kilometre", "1e6"),
        U("in2", "area", "square inch", "0.00064516"),
        U("ft2", "area", "square foot", "0.09290304"),
        U("acre", "area", "acre", "4046.8564224"),
        U("mi2", "area", "square mile", "2589988.110336"),

        // temperature: kelvin (affine)
        new("K", "temperature", "kelvin", N("1"), N("0")),
        new("C", "temperature", "degree Celsius", N("1"), N("273.15")),
        new("F", "temperature", "degree Fahrenheit", N("5") / N("9"), N("273.15") - N("32") * N("5") / N("9")),
        new("R", "temperature", "degree Rankine", N("5") / N("9"), N("0")),

        // time: second
        U("ns", "time", "nanosecond", "1e-9"),
        U("us", "time", "microsecond", "1e-6"),
        U("ms", "time", "millisecond", "0.001"),
        U("s", "time", "second", "1"),
        U("min", "time", "minute", "60"),
        U("h", "time", "hour", "3600"),
        U("d", "time", "day", "86400"),
        U("wk", "time", "week (7 days)", "604800"),

        // speed: metre per second
        U("m/s", "speed", "metre per second", "1"),
        new("km/h", "speed", "kilometre per hour", N("1000") / N("3600"), N("0")),
        U("mph", "speed", "mile per hour", "0.44704"),
        new("kn", "speed", "knot", N("1852") / N("3600"), N("0")),
        U("ft/s", "speed", "foot per second", "0.3048"),

        // data size: byte
        new("bit", "data", "bit", N("1") / N("8"), N("0")),
        U("B", "data", "byte", "1"),
        U("kB", "data", "kilobyte (1000 B)", "1000"),
        U("MB", "data", "megabyte (10^6 B)", "1e6"),
        U("GB", "data", "gigabyte (10^9 B)", "1e9"),
        U("TB", "data", "terabyte (10^12 B)", "1e12"),
        U("KiB", "data", "kibibyte (1024 B)", "1024"),
        U("MiB", "data", "mebibyte (2^20 B)", "1048576"),
        U("GiB", "data", "gibibyte (2^30 B)", "1073741824"),
        U("TiB", "data", "tebibyte (2^40 B)", "1099511627776"),
        U("kbit", "data", "kilobit", "125"),
        U("Mbit", "data", "megabit", "125000"),
        U("Gbit", "data", "gigabit", "125000000"),

        // energy: joule
        U("J", "energy", "joule", "1"),
        U("kJ", "energy", "kilojoule", "1000"),
        U("cal", "energy", "calorie (thermochemical)", "4.184"),
        U("kcal", "energy", "kilocalorie (thermochemical)", "4184"),
        U("Wh", "energy", "watt-hour", "3600"),
        U("kWh", "energy", "kilowatt-hour", "3600000"),
        U("eV", "energy", "electronvolt", "1.602176634e-19"),

        // pressure: pascal
        U("Pa", "pressure", "pascal", "1"),
        U("kPa", "pressure", "kilopascal", "1000"),
        U("bar", "pressure", "bar", "100000"),
        U("atm", "pressure", "standard atmosphere", "101325"),
        U("mmHg", "pressure", "millimetre of mercury", "133.322387415"),
        new("psi", "pressure", "pound-force per square inch", N("0.45359237") * N("9.80665") / N("0.00064516"), N("0")),
    ];

    private static readonly FrozenDictionary<string, Unit> ById = All.ToFrozenDictionary(u => u.Id, StringComparer.Ordinal);

    /// <summary>Every unit id, in catalogue order (the <c>enum</c> of the tool's schema).</summary>
    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(u => u.Id)];

    public static IReadOnlyList<Unit> Units => All;

    public static bool TryGet(string id, out Unit unit) => ById.TryGetValue(id, out unit!);

    private static Unit U(string id, string quantity, string name, string factor) => new(id, quantity, name, N(factor), ExactNumber.Zero);

    private static ExactNumber N(string text) =>
        ExactNumber.TryParse(text, out var value, out var error) ? value : throw new InvalidOperationException($"{text} {error}");
}
