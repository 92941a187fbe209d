namespace AiMesh.EndToEnd.Tests.Support;

/// <summary>A text to submit and, for the labeled ones, the sentiment a reader would give it.</summary>
internal sealed record SampleText(string Text, string? ExpectedLabel);

/// <summary>
/// The texts the end-to-end test submits: plain, unambiguous sentences with the label any reader would
/// give them, then distinct unlabeled texts up to the count asked for. Distinct texts keep the first
/// pass free of cache hits, so the second pass shows the cache alone.
/// </summary>
internal static class SampleTexts
{
    private static readonly SampleText[] s_labeled =
    [
        new("I love this phone, it is fantastic.", "positive"),
        new("The hotel staff were friendly and helpful.", "positive"),
        new("What a wonderful day at the beach!", "positive"),
        new("The food was delicious and the service excellent.", "positive"),
        new("This is the best coffee I have ever had.", "positive"),
        new("Great job, the update works perfectly.", "positive"),
        new("I am very happy with my purchase.", "positive"),
        new("The concert was amazing and we enjoyed every minute.", "positive"),
        new("Thanks so much, your support was brilliant!", "positive"),
        new("The new design looks beautiful.", "positive"),
        new("Absolutely awful experience, never again.", "negative"),
        new("The package arrived broken and useless.", "negative"),
        new("I hate waiting on hold for an hour.", "negative"),
        new("The movie was boring and far too long.", "negative"),
        new("This app keeps crashing, it is terrible.", "negative"),
        new("The room was dirty and the bed was uncomfortable.", "negative"),
        new("Worst customer service I have ever dealt with.", "negative"),
        new("I am disappointed with the poor quality.", "negative"),
        new("The food was cold and tasted horrible.", "negative"),
        new("The delivery was late again, which is frustrating.", "negative"),
        new("The train leaves at nine in the morning.", "neutral"),
        new("The meeting is scheduled for Tuesday.", "neutral"),
        new("The report has twelve pages.", "neutral"),
        new("Paris is the capital of France.", "neutral"),
        new("The store opens at eight on weekdays.", "neutral"),
        new("Water boils at one hundred degrees Celsius.", "neutral"),
        new("The package weighs two kilograms.", "neutral"),
        new("The bus stops at the corner of Main Street.", "neutral"),
        new("The library is on the second floor.", "neutral"),
        new("The form asks for a name and an address.", "neutral"),
    ];

    private static readonly string[] s_subjects =
        ["order", "invoice", "shipment", "ticket", "booking", "parcel", "request", "account"];

    private static readonly string[] s_events =
        ["was registered at the front desk", "was moved to the next queue", "was scanned at the depot",
         "was assigned to a new team", "was printed on page two", "was listed in the weekly report"];

    /// <summary>The labeled texts first, then distinct unlabeled ones, <paramref name="count"/> in all.</summary>
    public static IReadOnlyList<SampleText> Create(int count)
    {
        var texts = s_labeled.Take(count).ToList();
        for (var i = 0; texts.Count < count; i++)
        {
            var subject = s_subjects[i % s_subjects.Length];
            var what = s_events[i / s_subjects.Length % s_events.Length];
            texts.Add(new SampleText($"The {subject} number {1000 + i} {what}.", ExpectedLabel: null));
        }

        return texts;
    }
}
