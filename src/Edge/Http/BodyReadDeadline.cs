using System.Globalization;
using System.IO.Pipelines;
using McpGateway.Edge.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Edge.Http;

/// <summary>
/// A total deadline on reading a request's body, counted from its headers (<c>GATEWAY_BODY_READ_TIMEOUT_SECONDS</c>):
/// Kestrel's minimum data rate cuts a body that stalls, this cuts one trickled at any rate. Every reader of the body
/// (its pipe or its stream) gets it; past the deadline a read fails with a 408 <see cref="BadHttpRequestException"/>
/// and the connection is closed after the answer. A body that is already there when it is first read (most are: they
/// arrive with their headers) costs no timer.
/// </summary>
internal sealed class BodyReadDeadline(RequestDelegate next, GatewayOptions options, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            await next(context);
            return;
        }

        using var reader = new Reader(context, context.Request.BodyReader, options.Clients.BodyReadTimeout, time);
        context.Features.Set<IRequestBodyPipeFeature>(reader);
        context.Request.Body = reader.AsStream(leaveOpen: true);
        await next(context);
    }

    /// <summary>The body's pipe with the deadline on every wait for more data (none once the body is complete).</summary>
    private sealed class Reader(HttpContext context, PipeReader inner, TimeSpan timeout, TimeProvider time) : PipeReader, IRequestBodyPipeFeature, IDisposable
    {
        private readonly long _start = time.GetTimestamp();
        private CancellationTokenSource? _deadline;
        private bool _read;
        private bool _complete;

        PipeReader IRequestBodyPipeFeature.Reader => this;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (_complete)
            {
                return await inner.ReadAsync(cancellationToken);
            }

            // The first read takes what has arrived without waiting (nothing is examined yet, so this cannot spin);
            // a body complete by then never needs the deadline's timer.
            if (!_read)
            {
                _read = true;
                if (inner.TryRead(out var ready))
                {
                    _complete = ready.IsCompleted;
                    return ready;
                }
            }

            var deadline = Deadline();
            if (deadline.IsCancellationRequested)
            {
                throw TimedOut();
            }

            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline);
            try
            {
                var read = await inner.ReadAsync(both.Token);
                _complete = read.IsCompleted;
                return read;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw TimedOut();
            }
        }

        public override bool TryRead(out ReadResult result)
        {
            var read = inner.TryRead(out result);
            _read |= read;
            _complete |= read && result.IsCompleted;
            return read;
        }

        public void Dispose() => _deadline?.Dispose();

        /// <summary>The deadline's token, its timer started at the first wait for data (counted from the headers).</summary>
        private CancellationToken Deadline()
        {
            if (_deadline is null)
            {
                var left = timeout - time.GetElapsedTime(_start);
                if (left <= TimeSpan.Zero)
                {
                    return new CancellationToken(canceled: true);
                }

                _deadline = new CancellationTokenSource(left, time);
            }

            return _deadline.Token;
        }

        public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private BadHttpRequestException TimedOut()
        {
            if (!context.Response.HasStarted)
            {
                // What is left of the body is not waited for: the connection ends with the answer.
                context.Response.Headers.Connection = "close";
            }

            return new BadHttpRequestException(
                $"Request Timeout: the body was not received within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s",
                StatusCodes.Status408RequestTimeout);
        }
    }
}
