/**
 * Transient-error policy for staging calls. The storage SDK's own retries are switched off
 * (maxTries 1) so this is the only policy, and it is the same for blocks, pages and commits.
 */

/** Statuses Azure Storage documents as "try again": throttling and server-side failures. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Socket-level failures where the request may simply not have arrived. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "ATTEMPT_TIMEOUT",
]);

export interface RetryOptions {
  /** Total attempts including the first. @default 6 */
  maxAttempts?: number;
  /** Backoff base; attempt n waits around base × 2^(n-1). @default 500 */
  baseDelayMs?: number;
  /** Ceiling of one wait. @default 30000 */
  maxDelayMs?: number;
  /** Abort one attempt that takes longer than this, and retry it. @default 120000 */
  attemptTimeoutMs?: number;
  /** Source of randomness for jitter, replaceable in tests. @default Math.random */
  random?: () => number;
}

const DEFAULTS = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 120_000,
} as const;

interface ErrorLike {
  statusCode?: unknown;
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * True for throttling, server errors, connection resets and timeouts. Authorisation and
 * validation failures (400, 401, 403, 404, 409, 412, any other 4xx) are never retried: a second
 * try cannot fix them and would only hide the cause.
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as ErrorLike;
  if (typeof e.statusCode === "number" && e.statusCode > 0) {
    return TRANSIENT_STATUSES.has(e.statusCode);
  }
  if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
  if (
    typeof e.message === "string" &&
    /socket hang up|ECONNRESET|other side closed/i.test(e.message)
  ) {
    return true;
  }
  return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

/** "Equal jitter": half the exponential step fixed, half random, so retries never stampede. */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const random = options.random ?? Math.random;
  const step = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return step / 2 + random() * (step / 2);
}

/** Server-requested wait (Retry-After seconds) when the response carried one. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(name: string): string | undefined } } })
    ?.response?.headers;
  const value = headers?.get?.("retry-after");
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export class AttemptTimeoutError extends Error {
  readonly code = "ATTEMPT_TIMEOUT";
  constructor(ms: number) {
    super(`attempt timed out after ${ms} ms`);
    this.name = "AttemptTimeoutError";
  }
}

/**
 * Runs `operation` until it succeeds, fails permanently, runs out of attempts, or `signal`
 * aborts. Each attempt gets its own signal that also fires on the attempt timeout.
 */
export async function withRetry<T>(
  operation: (attemptSignal: AbortSignal, attempt: number) => Promise<T>,
  options: RetryOptions & {
    signal?: AbortSignal;
    onRetry?: (error: unknown, attempt: number) => void;
  } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const timeoutMs = options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const attemptController = new AbortController();
    const timer = setTimeout(
      () => attemptController.abort(new AttemptTimeoutError(timeoutMs)),
      timeoutMs,
    );
    const signals = options.signal
      ? [options.signal, attemptController.signal]
      : [attemptController.signal];
    try {
      return await operation(AbortSignal.any(signals), attempt);
    } catch (error) {
      options.signal?.throwIfAborted();
      const failure = attemptController.signal.aborted ? attemptController.signal.reason : error;
      if (attempt >= maxAttempts || !isTransient(failure)) throw failure;
      options.onRetry?.(failure, attempt);
      const wait = Math.max(
        backoffDelay(attempt, options),
        Math.min(retryAfterMs(failure) ?? 0, options.maxDelayMs ?? DEFAULTS.maxDelayMs),
      );
      await sleep(wait, options.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
