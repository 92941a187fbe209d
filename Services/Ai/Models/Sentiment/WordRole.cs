namespace AiMesh.Ai.Models.Sentiment;

/// <summary>What a function word does to the sentiment words around it.</summary>
internal enum WordRole
{
    /// <summary>Nothing: an ordinary word.</summary>
    None,

    /// <summary>Flips the sentiment words it reaches ("not", "never", "isn't").</summary>
    Negator,

    /// <summary>Makes what follows outweigh what came before ("but", "however").</summary>
    Contrast,

    /// <summary>Weighs down the clause it opens ("although", "despite").</summary>
    Concession,
}
