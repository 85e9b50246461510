using System.Text.Json;
using WireMock.Types;
using WireMock.Util;

namespace Resilience.Payments.Testing.Simulators.Internal;

/// <summary>The JSON and HTTP helpers every simulator uses: answers, tolerant field reads, headers and query values.</summary>
internal static class SimulatorJson
{
    /// <summary>An answer with a JSON body.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage Respond(int status, JsonNode body) => Respond(status, body.ToJsonString());

    /// <summary>An answer with flat string fields as a JSON object.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="fields">The fields.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage Respond(int status, IReadOnlyDictionary<string, string> fields) => Respond(status, JsonSerializer.Serialize(fields));

    /// <summary>An answer with a JSON body already serialized.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="json">The body.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage Respond(int status, string json) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = json, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    /// <summary>An answer with a plain text (or HTML) body and no content type.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="text">The body.</param>
    /// <returns>The answer.</returns>
    public static ResponseMessage RespondText(int status, string text) => new()
    {
        StatusCode = status,
        BodyData = new BodyData { BodyAsString = text, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
    };

    /// <summary>Reads a string or number field of a JSON object as text; <see langword="null"/> when absent, of another kind, or not an object.</summary>
    /// <param name="node">The object.</param>
    /// <param name="name">The field.</param>
    /// <returns>The text.</returns>
    public static string? Text(JsonNode? node, string name)
    {
        try
        {
            return node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Parses the request body as JSON.</summary>
    /// <param name="request">The request.</param>
    /// <param name="body">The body (<see langword="null"/> for a JSON <c>null</c>).</param>
    /// <returns>Whether the body is JSON.</returns>
    public static bool TryParse(IRequestMessage request, out JsonNode? body)
    {
        try
        {
            body = JsonNode.Parse(request.Body ?? string.Empty);
            return true;
        }
        catch (JsonException)
        {
            body = null;
            return false;
        }
    }

    /// <summary>Reads a header (name compared ignoring case).</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The header.</param>
    /// <returns>Its first value, or <see langword="null"/>.</returns>
    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>Reads a query parameter (name compared ignoring case).</summary>
    /// <param name="request">The request.</param>
    /// <param name="name">The parameter.</param>
    /// <returns>Its first value, or <see langword="null"/>.</returns>
    public static string? Query(IRequestMessage request, string name) =>
        request.Query?.FirstOrDefault(q => string.Equals(q.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>Keeps the last journal record of each <c>id</c>, in the order each id first appeared.</summary>
    /// <param name="records">The journal's records, oldest first.</param>
    /// <returns>The latest record of each transaction.</returns>
    public static IReadOnlyCollection<JsonObject> Latest(IEnumerable<JsonObject> records)
    {
        var latest = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            latest[(string)record["id"]!] = record;
        }

        return latest.Values;
    }
}
