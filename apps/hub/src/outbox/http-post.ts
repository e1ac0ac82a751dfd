/**
 * A JSON POST by an outbox consumer (webhooks, the centre link). `closing` is aborted when the hub closes: a
 * hanging receiver must not hold the hub's shutdown. Injected, so tests can answer as any receiver would.
 */
export type HttpPost<Outcome> = (
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
  closing: AbortSignal,
) => Promise<Outcome>;

/** The answer to a POST: its status and body, or why there was none (refused, timed out). */
export type HttpPostAnswer = { readonly status: number; readonly body: string } | { readonly error: string };

/**
 * The real POST, with Node's fetch; redirects are not followed (a 3xx is an answer like any other). Any
 * failure to get an answer becomes `{ error }`, never a throw. The body is read whole (that also frees the
 * connection for the next POST); one that breaks off reads as empty.
 */
export const postJsonWithFetch: HttpPost<HttpPostAnswer> = async (url, body, headers, timeoutMs, closing) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), closing]),
      redirect: 'manual',
    });
    // A body cut short still leaves the status: a webhook receiver that said 2xx took the delivery.
    return { status: response.status, body: await response.text().catch(() => '') };
  } catch (error) {
    // The delivery log says plainly that the receiver took too long (fetch only says "aborted").
    if (error instanceof Error && error.name === 'TimeoutError' && !closing.aborted) {
      return { error: `timeout: no answer within ${timeoutMs} ms` };
    }
    const cause =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    return { error: cause || 'no answer' };
  }
};
