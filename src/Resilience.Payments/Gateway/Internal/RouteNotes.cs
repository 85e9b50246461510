using System.Collections.Generic;

namespace Resilience.Payments.Gateway.Internal;

/// <summary>The notes of one routing: the first held inline, so skipping one open circuit allocates nothing.</summary>
internal struct RouteNotes
{
    private RouteNote _first;
    private List<RouteNote>? _more;

    public readonly bool IsEmpty => _first.Candidate.Provider is null;

    public readonly int Count => IsEmpty ? 0 : 1 + (_more?.Count ?? 0);

    public readonly RouteNote this[int index] => index == 0 ? _first : _more![index - 1];

    public void Add(RouteNote note)
    {
        if (IsEmpty)
        {
            _first = note;
        }
        else
        {
            (_more ??= []).Add(note);
        }
    }

    /// <summary>Returns the notes as a sentence to append to a failure reason: empty when there is none.</summary>
    public readonly string Describe() => IsEmpty ? string.Empty : " " + ToString() + ".";

    public override readonly string ToString() => _more is null ? _first.ToString() : _first + "; " + string.Join("; ", _more);
}
