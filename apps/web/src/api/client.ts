/** The one way the web app talks to the API: JSON in, JSON out, errors as ApiError with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's `details`: which fields, which rows, which records. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * An API path whose interpolated values are each one escaped path segment: an id out of the
 * address bar ("..%2Fapps%2F…" decodes to "../apps/…") can never climb to another endpoint.
 * Query strings are built with URLSearchParams and appended after it.
 */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ""), "");
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  // A "." or ".." segment would be resolved by the browser before the request leaves.
  if (/(?:^|\/)\.{1,2}(?:[/?#]|$)/.test(path)) throw new ApiError(400, "bad_path", "This address does not name anything here");
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? {} : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
    signal: init.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? "error", err?.message ?? `Request failed (${res.status})`, err?.details);
  }
  return data as T;
}
