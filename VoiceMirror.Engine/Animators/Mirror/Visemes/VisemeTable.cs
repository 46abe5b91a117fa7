namespace VoiceMirror.Engine.Animators.Mirror.Visemes;

/// <summary>How a phoneme shapes the lips: vowels set them, closures close them, other consonants follow their vowels.</summary>
internal enum VisemeKind { Vowel, Consonant, Bilabial, Labiodental, Silence, Continuation }

/// <summary>
/// A lip target; <paramref name="Glide"/> is where a diphthong (or a iotated vowel) ends up, from <paramref name="GlideAt"/>
/// of its span on.
/// </summary>
internal sealed record Viseme(VisemeKind Kind, float Open, float Spread, Viseme? Glide = null, float SpreadDominance = -1, float GlideAt = 0.5f)
{
    /// <summary>How strongly the target holds the opening against its neighbours (closures are enforced separately).</summary>
    public float OpenDominance => Kind switch
    {
        VisemeKind.Vowel => 1f,
        VisemeKind.Labiodental => 1f,
        VisemeKind.Consonant => 1f,
        _ => 0.2f,
    };

    /// <summary>Lip rounding spreads across consonants (the "s" of "су" is already rounded), so consonants hold it weakly.</summary>
    public float RoundingDominance => SpreadDominance >= 0 ? SpreadDominance : Kind switch
    {
        VisemeKind.Vowel => 1f,
        VisemeKind.Silence => 0.6f,
        _ => 0.25f,
    };
}

/// <summary>
/// espeak-ng phoneme mnemonics (its own names, as phoneme events report them) for Russian and English, mapped to lip
/// targets. Open and Spread follow <see cref="MouthPose"/>. Names not listed fall back by their first letter.
/// </summary>
internal static class VisemeTable
{
    private static readonly Viseme Closure = new(VisemeKind.Bilabial, 0, 0);
    private static readonly Viseme Teeth = new(VisemeKind.Labiodental, 0.08f, 0.1f);
    private static readonly Viseme Pause = new(VisemeKind.Silence, 0, 0);

    private static Viseme V(float open, float spread, Viseme? glide = null) => new(VisemeKind.Vowel, open, spread, glide);
    // я, ю, ё, е after a vowel: a short j, then the vowel.
    private static Viseme Iotated(Viseme vowel) => new(VisemeKind.Vowel, 0.15f, 0.6f, vowel, GlideAt: 0.3f);
    private static Viseme C(float open, float spread, float spreadDominance = -1) => new(VisemeKind.Consonant, open, spread, null, spreadDominance);

    private static readonly Viseme OpenA = V(0.9f, 0.1f), I = V(0.35f, 0.9f), ShortI = V(0.38f, 0.7f), U = V(0.3f, -1f),
        ShortU = V(0.35f, -0.7f), Schwa = V(0.4f, 0f), E = V(0.5f, 0.6f), O = V(0.55f, -0.75f), J = C(0.15f, 0.6f, 0.8f);

    private static readonly Dictionary<string, Viseme> Common = new(StringComparer.Ordinal)
    {
        // Vowels. Russian: a/A/a#/V а (stressed A widest, reduced a#/V less), o о, u у, i и, y ы, e/E э, @/@-/8 reduced.
        ["A"] = V(1f, 0.1f), ["a"] = OpenA, ["a#"] = V(0.7f, 0.05f), ["V"] = V(0.7f, 0f), ["A:"] = V(0.95f, 0f),
        ["&"] = V(0.8f, 0.35f), ["aa"] = V(0.85f, 0.2f),
        ["@"] = Schwa, ["@-"] = V(0.35f, 0f), ["@2"] = Schwa, ["@5"] = V(0.3f, -0.4f), ["8"] = V(0.38f, 0.15f),
        ["3"] = V(0.35f, 0.1f), ["3:"] = V(0.4f, 0.1f),
        ["e"] = E, ["E"] = V(0.55f, 0.5f), ["E#"] = V(0.45f, 0.4f), ["E2"] = V(0.5f, 0.5f),
        ["i"] = I, ["i:"] = V(0.35f, 1f), ["I"] = ShortI, ["I2"] = ShortI, ["I#"] = ShortI, ["y"] = V(0.4f, 0.3f),
        ["o"] = O, ["O"] = V(0.6f, -0.6f), ["O:"] = V(0.6f, -0.75f), ["0"] = V(0.7f, -0.4f),
        ["u"] = U, ["u:"] = U, ["U"] = ShortU, ["u#"] = V(0.35f, -0.6f),
        // Diphthongs glide to their second vowel; Russian iotated vowels start from j.
        ["aI"] = V(0.85f, 0.1f, ShortI), ["aU"] = V(0.85f, 0f, ShortU), ["eI"] = V(0.5f, 0.6f, ShortI),
        ["oU"] = V(0.5f, -0.5f, ShortU), ["OI"] = V(0.55f, -0.7f, ShortI), ["e@"] = V(0.5f, 0.5f, Schwa),
        ["i@"] = V(0.3f, 0.8f, Schwa), ["i@3"] = V(0.3f, 0.8f, Schwa), ["U@"] = V(0.3f, -0.7f, Schwa),
        ["o@"] = V(0.55f, -0.7f, Schwa), ["O@"] = V(0.55f, -0.7f, Schwa), ["A@"] = V(0.9f, 0f, Schwa),
        ["ja"] = Iotated(OpenA), ["ju"] = Iotated(U), ["jo"] = Iotated(O), ["je"] = Iotated(E),
        // Lips meet on п/б/м; teeth on the lower lip for ф/в.
        ["p"] = Closure, ["b"] = Closure, ["m"] = Closure,
        ["f"] = Teeth, ["v"] = Teeth,
        // Other consonants take a small opening by place; ш/ж/ч/щ push the lips forward, w rounds them.
        ["t"] = C(0.12f, 0.1f), ["d"] = C(0.12f, 0.1f), ["n"] = C(0.12f, 0.1f), ["l"] = C(0.18f, 0.1f),
        ["r"] = C(0.18f, 0f), ["s"] = C(0.08f, 0.35f), ["z"] = C(0.08f, 0.35f), ["ts"] = C(0.08f, 0.3f),
        ["T"] = C(0.15f, 0.1f), ["D"] = C(0.15f, 0.1f),
        ["S"] = C(0.12f, -0.5f, 0.7f), ["Z"] = C(0.12f, -0.5f, 0.7f), ["tS"] = C(0.1f, -0.5f, 0.7f), ["dZ"] = C(0.1f, -0.5f, 0.7f),
        ["k"] = C(0.2f, 0f), ["g"] = C(0.2f, 0f), ["x"] = C(0.2f, 0f), ["N"] = C(0.18f, 0f), ["h"] = C(0.3f, 0f),
        ["j"] = J, ["w"] = C(0.15f, -1f, 0.9f),
    };

    private const string VowelLetters = "aeiouyAEIOUVY@0386&";

    /// <summary>The lip target of an espeak-ng phoneme mnemonic; <paramref name="language"/> ("ru", "en"…) settles the few names the two languages use differently.</summary>
    public static Viseme Lookup(string phoneme, string? language)
    {
        if (phoneme.Length == 0 || phoneme[0] == '_') return Pause;
        if (phoneme == ";") return new Viseme(VisemeKind.Continuation, 0, 0); // Russian softness of the consonant before
        if (language == "en" && phoneme == "a") return V(0.8f, 0.35f); // "trap", not Russian а
        if (Common.TryGetValue(phoneme, out var v)) return v;

        // Palatalised Russian consonants (t; n^ S;) and marked variants (a#, I2): look up the bare name.
        var bare = phoneme.TrimEnd(';', '^', '#', ':', '-', '2', '3', '5');
        if (bare.Length > 0 && bare != phoneme && Common.TryGetValue(bare, out v)) return v;
        return VowelLetters.Contains(phoneme[0]) ? V(0.45f, 0f) : C(0.15f, 0f);
    }
}
