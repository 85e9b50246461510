using Resilience.Payments.Gateway.Internal;

namespace Resilience.Payments.Tests.Gateway.Internal;

public class RouteNotesTests
{
    [Fact]
    public void Describe_NoNote_IsEmpty()
    {
        var notes = default(RouteNotes);

        Assert.True(notes.IsEmpty);
        Assert.Equal(0, notes.Count);
        Assert.Equal(string.Empty, notes.Describe());
    }

    [Fact]
    public void Describe_CircuitAndReasonNotes_ListsEachInOrderWithTheMaskedInstrument()
    {
        using var kit = new CollaboratorKit();
        var notes = default(RouteNotes);
        notes.Add(new RouteNote(kit.Candidate("mpesa"), ProviderCircuitState.Open, Reason: null));
        notes.Add(new RouteNote(kit.Candidate("paystack"), Circuit: null, "service unavailable"));

        var described = notes.Describe();

        Assert.Equal(2, notes.Count);
        Assert.Equal("paystack", notes[1].Candidate.Provider.Name);
        Assert.StartsWith(" mpesa (", described, StringComparison.Ordinal);
        Assert.Contains("): circuit open; paystack (", described, StringComparison.Ordinal);
        Assert.EndsWith("): service unavailable.", described, StringComparison.Ordinal);
        Assert.DoesNotContain("0712345678", described, StringComparison.Ordinal);
    }
}
