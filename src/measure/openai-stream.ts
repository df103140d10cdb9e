/**
 * One streaming chat completion against an OpenAI-compatible server (vLLM, TGI, llama.cpp, Ollama…), with the
 * arrival time of every content chunk. Uses node's fetch and parses server-sent events by hand: `data: {json}`
 * lines, `data: [DONE]` at the end (OpenAI API reference, "Streaming"). `stream_options.include_usage` asks for
 * a final chunk with token counts; servers that ignore it still work (tokens are then counted as chunks).
 */

export interface StreamRequest {
  /** Base URL ending in /v1. */
  readonly baseUrl: string;
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly maxTokens: number;
  readonly apiKey?: string;
  /** A request fails when the server sends nothing (no headers, no bytes) for this long; default DEFAULT_IDLE_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly now: () => number;
  /** Called once, when the first content chunk arrives. */
  readonly onFirstChunk?: () => void;
}

export interface StreamResult {
  readonly startT: number;
  /** Arrival time of the first content chunk, or undefined when none came. */
  readonly firstTokenT: number | undefined;
  readonly endT: number;
  /** Arrival time of every chunk that carried content. */
  readonly chunkTimes: readonly number[];
  /** From the usage chunk when the server sent one, else the number of content chunks. */
  readonly outputTokens: number;
  readonly outputTokensFromUsage: boolean;
  readonly inputTokens: number | undefined;
  readonly error?: string;
}

/** Default of --timeout: no byte from the server for this long fails the request (a long prefill sends headers first). */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
/**
 * Longest server-sent event line held: a chunk of a few tokens is well under 1 KB; a stream without line ends is
 * not an event stream, and is refused rather than buffered without bound.
 */
export const MAX_EVENT_BYTES = 1 << 20;

interface ChunkJson {
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

export async function streamChat(r: StreamRequest): Promise<StreamResult> {
  const startT = r.now();
  const chunkTimes: number[] = [];
  const fail = (error: string): StreamResult => ({
    startT,
    firstTokenT: chunkTimes[0],
    endT: r.now(),
    chunkTimes,
    outputTokens: chunkTimes.length,
    outputTokensFromUsage: false,
    inputTokens: undefined,
    error,
  });
  const idleMs = r.timeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Error(`no data from the server for ${idleMs / 1000} s (--timeout)`)), idleMs);
    timer.unref();
  };
  arm();
  try {
    return await stream(r, startT, chunkTimes, fail, abort.signal, arm);
  } finally {
    clearTimeout(timer);
  }
}

async function stream(
  r: StreamRequest,
  startT: number,
  chunkTimes: number[],
  fail: (error: string) => StreamResult,
  signal: AbortSignal,
  arm: () => void,
): Promise<StreamResult> {
  let usage: ChunkJson['usage'];
  let res: Response;
  try {
    res = await fetch(`${r.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(r.apiKey ? { authorization: `Bearer ${r.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: r.model,
        messages: r.messages,
        max_tokens: r.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal,
    });
  } catch (err) {
    return fail(`cannot reach ${r.baseUrl}: ${errorText(signal.aborted ? signal.reason : err)}`);
  }
  arm();
  if (!res.ok || !res.body) {
    const body = await res.text().catch(() => '');
    return fail(`HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const part of res.body) {
      const t = r.now();
      arm();
      buf += decoder.decode(part as Uint8Array, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') continue;
        let json: ChunkJson;
        try {
          json = JSON.parse(data) as ChunkJson;
        } catch {
          continue; // a keep-alive or a malformed event: not a token
        }
        const d = json.choices?.[0]?.delta;
        if ((d?.content ?? '') !== '' || (d?.reasoning_content ?? '') !== '') {
          chunkTimes.push(t);
          if (chunkTimes.length === 1) r.onFirstChunk?.();
        }
        if (json.usage) usage = json.usage;
      }
      if (buf.length > MAX_EVENT_BYTES) {
        return fail(`the server sent more than ${MAX_EVENT_BYTES >> 20} MiB without a line end: not a server-sent event stream`);
      }
    }
  } catch (err) {
    return fail(`stream broke off: ${errorText(signal.aborted ? signal.reason : err)}`);
  }
  const fromUsage = typeof usage?.completion_tokens === 'number';
  return {
    startT,
    firstTokenT: chunkTimes[0],
    endT: r.now(),
    chunkTimes,
    outputTokens: fromUsage ? usage!.completion_tokens! : chunkTimes.length,
    outputTokensFromUsage: fromUsage,
    inputTokens: usage?.prompt_tokens,
  };
}

/** Node's fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a timeout) is in `cause`. */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return cause && cause !== err.message ? `${err.message} (${cause})` : err.message;
}
