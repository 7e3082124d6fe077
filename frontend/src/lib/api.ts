/**
 * The one way the UI talks to the service: same-origin fetch with the session cookie, the
 * XSRF-TOKEN cookie echoed on changes (Spring Security's CSRF check), problem+json answers
 * turned into {@link ApiError}, and a 401 sent to the sign-in screen.
 */

/** RFC 9457 problem details, as the service writes them; `hint` is the query API's extra. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  hint?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

/** The session is gone or never was: the caller should sign in. */
export class NotSignedIn extends ApiError {
  constructor(problem: Problem) {
    super(problem);
    this.name = 'NotSignedIn';
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
}

export interface ApiOptions {
  fetch: typeof fetch;
  /** `document.cookie` in the browser. */
  cookies: () => string;
  /** Called once per 401 answer, before the call rejects with {@link NotSignedIn}. */
  onUnauthorized: () => void;
}

/** The UI's own sign-in screen; Spring's provider list is at /login. */
export const SIGN_IN_PATH = '/signin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}

/**
 * The header Spring Security's CSRF check wants on a change: the XSRF-TOKEN cookie echoed as
 * X-XSRF-TOKEN. Empty for safe methods or when there is no such cookie (a bearer-key client).
 * The streaming reader (sse.ts) sends it too, so both send it the same way.
 */
export function xsrfHeader(method: string, cookies: string): Record<string, string> {
  if (SAFE_METHODS.has(method.toUpperCase())) {
    return {};
  }
  const token = readCookie(cookies, 'XSRF-TOKEN');
  return token === undefined ? {} : { 'X-XSRF-TOKEN': token };
}

export function createApi(options: ApiOptions): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...xsrfHeader(method, options.cookies()),
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await options.fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError({
        title: 'No answer from the service',
        status: 0,
        detail: `${method} ${path} got no answer (${String(cause)}); is the service running? Retry in a moment.`,
      });
    }
    if (!response.ok) {
      const problem = await problemOf(response, method, path);
      if (response.status === 401) {
        options.onUnauthorized();
        throw new NotSignedIn(problem);
      }
      throw new ApiError(problem);
    }
    if (response.status === 204 || response.headers.get('Content-Length') === '0') {
      return undefined as T;
    }
    return (await response.json()) as T;
  }

  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path) => call('DELETE', path),
  };
}

async function problemOf(response: Response, method: string, path: string): Promise<Problem> {
  const fallback: Problem = {
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: `${method} ${path} answered ${response.status}`,
  };
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) {
    return fallback;
  }
  try {
    return toProblem(await response.json(), fallback);
  } catch {
    return fallback;
  }
}

/** A problem read from parsed JSON, the fallback's fields standing in for what it lacks. */
export function toProblem(parsed: unknown, fallback: Problem): Problem {
  if (typeof parsed !== 'object' || parsed === null) {
    return fallback;
  }
  const fields = parsed as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof fields[key] === 'string' ? (fields[key] as string) : undefined;
  return {
    type: text('type'),
    title: text('title') ?? fallback.title,
    status: typeof fields.status === 'number' ? fields.status : fallback.status,
    detail: text('detail') ?? fallback.detail,
    instance: text('instance'),
    hint: text('hint'),
  };
}

const RETURN_KEY = 'tracehound.returnTo';

/**
 * Where the browser was when it had to sign in: the service's login lands on `/`, which goes on
 * there (an invitation link opened before signing in still reaches its page). Same-origin paths only.
 */
function rememberReturn(path: string): void {
  if (path !== '/' && path.startsWith('/') && !path.startsWith('//')) {
    window.sessionStorage.setItem(RETURN_KEY, path);
  }
}

/** The path remembered before signing in, once: reading it forgets it. */
export function takeReturnPath(): string | undefined {
  const path = window.sessionStorage.getItem(RETURN_KEY) ?? undefined;
  window.sessionStorage.removeItem(RETURN_KEY);
  return path !== undefined && path.startsWith('/') && !path.startsWith('//') ? path : undefined;
}

/** The browser's fetch, cookies and sign-in redirect, shared by the client and the stream reader. */
export const browserEnvironment: ApiOptions = {
  fetch: (input, init) => window.fetch(input, init),
  cookies: () => document.cookie,
  onUnauthorized: () => {
    if (window.location.pathname !== SIGN_IN_PATH) {
      rememberReturn(window.location.pathname + window.location.search);
      window.location.assign(SIGN_IN_PATH);
    }
  },
};

/** The browser's client: a 401 anywhere sends the person to the sign-in screen. */
export const api: Api = createApi(browserEnvironment);
