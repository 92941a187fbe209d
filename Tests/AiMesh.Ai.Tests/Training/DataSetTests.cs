using System.Text;
using AiMesh.Ai.Models.Training;
using AiMesh.Ai.Tests.TestSupport;

namespace AiMesh.Ai.Tests.Training;

/// <summary>The corpus and the held-out set are what the models' claims rest on: their size, spread and separation.</summary>
public sealed class DataSetTests
{
    private static readonly string[] s_domains = ["products", "restaurants", "media", "travel", "software", "service"];

    [Fact]
    public void The_training_corpus_has_at_least_3000_sentences_over_six_domains_roughly_balanced()
    {
        AssertShape(TrainingData.Training, minimum: 3000, perDomain: 400);
    }

    [Fact]
    public void The_held_out_set_has_at_least_800_sentences_over_the_same_domains_roughly_balanced()
    {
        AssertShape(TrainingData.HeldOut, minimum: 800, perDomain: 100);
    }

    [Fact]
    public void No_sentence_of_the_held_out_set_is_in_the_training_corpus_even_up_to_case_and_punctuation()
    {
        var training = TrainingData.Training.Sentences.Select(sentence => Normalize(sentence.Text)).ToHashSet();

        var shared = TrainingData.HeldOut.Sentences.Where(sentence => training.Contains(Normalize(sentence.Text))).Select(sentence => sentence.Text).ToList();

        Assert.Empty(shared);
    }

    [Fact]
    public void Neither_set_repeats_a_sentence()
    {
        foreach (var set in new[] { TrainingData.Training, TrainingData.HeldOut })
        {
            var repeated = set.Sentences.GroupBy(sentence => Normalize(sentence.Text)).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
            Assert.True(repeated.Count == 0, $"{set.Name} repeats: {string.Join(" | ", repeated.Take(5))}");
        }
    }

    private static void AssertShape(SentimentDataSet set, int minimum, int perDomain)
    {
        Assert.True(set.Sentences.Count >= minimum, $"{set.Name} has {set.Sentences.Count} sentences.");
        foreach (var label in SentimentLabelSet.Labels)
        {
            var share = set.Sentences.Count(sentence => sentence.Label == label) / (double)set.Sentences.Count;
            Assert.InRange(share, 0.28, 0.39);
        }

        foreach (var domain in s_domains)
        {
            var inDomain = set.Sentences.Where(sentence => sentence.Domain == domain).ToList();
            Assert.True(inDomain.Count >= perDomain, $"{set.Name} has {inDomain.Count} sentences about {domain}.");
            Assert.All(SentimentLabelSet.Labels, label => Assert.Contains(inDomain, sentence => sentence.Label == label));
        }
    }

    private static string Normalize(string text)
    {
        var kept = new StringBuilder();
        foreach (var character in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character))
            {
                kept.Append(character);
            }
            else if (kept.Length > 0 && kept[^1] != ' ')
            {
                kept.Append(' ');
            }
        }

        return kept.ToString().Trim();
    }
}
