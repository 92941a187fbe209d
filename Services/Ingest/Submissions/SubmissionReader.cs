using System.Buffers;
using Microsoft.Extensions.Options;

namespace AiMesh.Ingest.Submissions;

/// <summary>
/// Reads a submission from a request: checks the Content-Type, refuses a body over
/// <see cref="IngestOptions.MaxBodyBytes"/> (from Content-Length before reading anything, otherwise as
/// soon as the bound is passed), then hands the bytes to <see cref="SubmissionValidator"/>.
/// </summary>
internal sealed class SubmissionReader(IOptions<IngestOptions> options)
{
    private readonly IngestOptions _options = options.Value;

    public async Task<SubmissionResult> ReadAsync(string? contentType, long? contentLength, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);

        var maxBodyBytes = _options.MaxBodyBytes;
        if (contentLength > maxBodyBytes)
        {
            return SubmissionError.BodyTooLarge(maxBodyBytes, _options.MaxTextLength);
        }

        if (contentType is not null && !JsonContentType.IsJson(contentType))
        {
            return SubmissionError.UnsupportedContentType(contentType);
        }

        // One byte more than allowed tells a body at the bound from one past it.
        var buffer = ArrayPool<byte>.Shared.Rent(maxBodyBytes + 1);
        try
        {
            var length = await ReadUpToAsync(body, buffer.AsMemory(0, maxBodyBytes + 1), cancellationToken).ConfigureAwait(false);
            if (length > maxBodyBytes)
            {
                return SubmissionError.BodyTooLarge(maxBodyBytes, _options.MaxTextLength);
            }

            if (length == 0)
            {
                return SubmissionError.MissingBody();
            }

            if (contentType is null)
            {
                return SubmissionError.UnsupportedContentType(contentType);
            }

            return SubmissionValidator.Validate(buffer.AsMemory(0, length), _options.MaxTextLength);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadUpToAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
