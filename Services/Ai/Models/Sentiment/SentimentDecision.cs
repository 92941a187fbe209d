namespace AiMesh.Ai.Models.Sentiment;

/// <summary>
/// Turns <see cref="SentimentEvidence"/> into a label and the confidence in it.
/// </summary>
/// <remarks>
/// <para>
/// The three labels compete in a softmax over logits built from the evidence:
/// <c>positive = k·net</c>, <c>negative = −k·net</c> and <c>neutral = k·(m + c·min(pos, neg))</c>, with
/// <c>net = pos − neg</c>, sharpness <c>k</c> = <see cref="Sharpness"/>, neutral margin <c>m</c> =
/// <see cref="NeutralMargin"/> and conflict weight <c>c</c> = <see cref="ConflictWeight"/>. The label is
/// the one with the highest probability and the score is that probability, so it lies in [1/3, 1].
/// </para>
/// <para>
/// What that means: a text leans positive only once <c>net</c> clears the margin (plus a share of any
/// evidence on the other side, since praise and blame that cancel make the text less clearly either);
/// the further past the margin, the closer the confidence gets to 1. A text with no opinion words at
/// all is neutral with confidence e^(k·m) / (e^(k·m) + 2) ≈ 0.79; one right at the margin scores about 0.5.
/// Evidence adds up over the whole text, so a long text that keeps leaning one way ends up close to 1.
/// </para>
/// </remarks>
internal static class SentimentDecision
{
    /// <summary>How much net evidence a text needs before it counts as positive or negative (about one mild opinion word).</summary>
    public const double NeutralMargin = 0.8;

    /// <summary>How quickly confidence grows with evidence.</summary>
    public const double Sharpness = 2.5;

    /// <summary>
    /// How much of the weaker side's evidence strengthens the neutral reading. At 0.25 a long text needs
    /// more than 5:4 evidence for one side to get that side's label; 0.5 would demand 2:1, calling most
    /// mixed reviews neutral however clearly they lean.
    /// </summary>
    public const double ConflictWeight = 0.25;

    public static ModelPrediction Decide(SentimentEvidence evidence)
    {
        var net = evidence.Net;
        var positive = Sharpness * net;
        var negative = -Sharpness * net;
        var neutral = Sharpness * (NeutralMargin + (ConflictWeight * Math.Min(evidence.Positive, evidence.Negative)));

        // Subtracting the largest logit keeps the exponentials finite for any amount of evidence.
        var largest = Math.Max(neutral, Math.Max(positive, negative));
        var pPositive = Math.Exp(positive - largest);
        var pNegative = Math.Exp(negative - largest);
        var pNeutral = Math.Exp(neutral - largest);
        var total = pPositive + pNegative + pNeutral;

        // Ties go to neutral: with no clear lean, claiming an opinion is the worse mistake.
        var (label, probability) = pPositive > pNeutral && pPositive > pNegative
            ? (SentimentLabels.Positive, pPositive)
            : pNegative > pNeutral && pNegative > pPositive
                ? (SentimentLabels.Negative, pNegative)
                : (SentimentLabels.Neutral, pNeutral);

        return new ModelPrediction(label, Math.Round(probability / total, 4));
    }
}
