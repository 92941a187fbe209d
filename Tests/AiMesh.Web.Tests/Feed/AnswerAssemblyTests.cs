using AiMesh.Web.Feed;
using AiMesh.Web.Tests.TestSupport;

namespace AiMesh.Web.Tests.Feed;

public sealed class AnswerAssemblyTests
{
    private static readonly Guid s_id = Guid.NewGuid();

    [Fact]
    public void PiecesInOrderMakeTheText()
    {
        var assembly = new AnswerAssembly(s_id, "llm");

        foreach (var piece in TestChunks.Pieces(s_id, "Kafka ", "keeps ", "order."))
        {
            Assert.True(assembly.Add(piece));
        }

        Assert.Equal("Kafka keeps order.", assembly.Text);
        Assert.Equal(0, assembly.WaitingPieces);
    }

    [Fact]
    public void PiecesOutOfOrderAreHeldUntilTheGapFills()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        var pieces = TestChunks.Pieces(s_id, "a", "b", "c", "d");

        assembly.Add(pieces[0]);
        assembly.Add(pieces[2]);
        assembly.Add(pieces[3]);
        Assert.Equal("a", assembly.Text);
        Assert.Equal(2, assembly.WaitingPieces);

        assembly.Add(pieces[1]);
        Assert.Equal("abcd", assembly.Text);
        Assert.Equal(0, assembly.WaitingPieces);
    }

    [Fact]
    public void WithoutTheFirstPieceNothingIsShown()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        var pieces = TestChunks.Pieces(s_id, "a", "b");

        assembly.Add(pieces[1]);
        Assert.Equal("", assembly.Text);

        // The first piece after the later one is the awaited start, not a restart.
        assembly.Add(pieces[0]);
        Assert.Equal("ab", assembly.Text);
    }

    [Fact]
    public void ADuplicatePieceChangesNothing()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        var pieces = TestChunks.Pieces(s_id, "a", "b", "c", "d");
        assembly.Add(pieces[0]);
        assembly.Add(pieces[1]);
        assembly.Add(pieces[3]);

        Assert.False(assembly.Add(pieces[1]));
        Assert.False(assembly.Add(pieces[3]));

        Assert.Equal("ab", assembly.Text);
        Assert.Equal(1, assembly.WaitingPieces);
    }

    [Fact]
    public void ACopyOfTheOnlyPieceHeldChangesNothing()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        var first = TestChunks.Piece(s_id, 0, "Hello");
        assembly.Add(first);

        Assert.False(assembly.Add(first));
        Assert.Equal("Hello", assembly.Text);
    }

    [Fact]
    public void ARestartAtZeroStartsTheAnswerOver()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        foreach (var piece in TestChunks.Pieces(s_id, "The ", "first ", "try"))
        {
            assembly.Add(piece);
        }

        Assert.True(assembly.Add(TestChunks.Piece(s_id, 0, "The ")));
        Assert.Equal("The ", assembly.Text);

        assembly.Add(TestChunks.Piece(s_id, 1, "second"));
        Assert.Equal("The second", assembly.Text);
    }

    [Fact]
    public void ARestartDropsPiecesWaitingBeyondAGap()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        assembly.Add(TestChunks.Piece(s_id, 0, "old "));
        assembly.Add(TestChunks.Piece(s_id, 2, "stale"));

        assembly.Add(TestChunks.Piece(s_id, 0, "new "));
        assembly.Add(TestChunks.Piece(s_id, 1, "text"));

        Assert.Equal("new text", assembly.Text);
        Assert.Equal(0, assembly.WaitingPieces);
    }

    [Fact]
    public void ARestartDifferentFromTheOnlyPieceReplacesIt()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        assembly.Add(TestChunks.Piece(s_id, 0, "Yes"));

        Assert.True(assembly.Add(TestChunks.Piece(s_id, 0, "No")));
        Assert.Equal("No", assembly.Text);
    }

    [Fact]
    public void ANegativeSequenceIsIgnored()
    {
        var assembly = new AnswerAssembly(s_id, "llm");

        Assert.False(assembly.Add(TestChunks.Piece(s_id, -1, "?")));
        Assert.Equal("", assembly.Text);
    }

    [Fact]
    public void APieceOfAnotherAnswerIsRefused()
    {
        var assembly = new AnswerAssembly(s_id, "llm");

        Assert.Throws<ArgumentException>(() => assembly.Add(TestChunks.Piece(Guid.NewGuid(), 0, "?")));
    }

    [Fact]
    public void PiecesBeyondAGapAreBounded()
    {
        var assembly = new AnswerAssembly(s_id, "llm");
        for (var sequence = 1; sequence <= AnswerAssembly.MaxWaitingPieces; sequence++)
        {
            Assert.True(assembly.Add(TestChunks.Piece(s_id, sequence, "x")));
        }

        Assert.False(assembly.Add(TestChunks.Piece(s_id, AnswerAssembly.MaxWaitingPieces + 1, "x")));
        Assert.Equal(AnswerAssembly.MaxWaitingPieces, assembly.WaitingPieces);
    }
}
