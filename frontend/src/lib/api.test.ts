import { describe, expect, it } from 'vitest';
import { ApiError, createApi, NotSignedIn, readCookie, xsrfHeader } from './api';

interface Sent {
  url: string;
  init: RequestInit;
}

function serviceAnswering(response: () => Response) {
  const sent: Sent[] = [];
  let unauthorized = 0;
  const api = createApi({
    fetch: async (input, init) => {
      sent.push({ url: String(input), init: init ?? {} });
      return response();
    },
    cookies: () => 'SESSION=abc; XSRF-TOKEN=token%2Fwith%3Dparts; other=1',
    onUnauthorized: () => {
      unauthorized += 1;
    },
  });
  return { api, sent, unauthorizedCalls: () => unauthorized };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

function headerOf(sent: Sent | undefined, name: string): string | undefined {
  const headers = (sent?.init.headers ?? {}) as Record<string, string>;
  return headers[name];
}

describe('the API client', () => {
  it('sends the XSRF-TOKEN cookie back as X-XSRF-TOKEN on a POST', async () => {
    const service = serviceAnswering(() => json(201, { id: 'i1' }));

    const created = await service.api.post<{ id: string }>('/api/v1/workspaces/acme/invitations', { email: 'a@b.c' });

    expect(created).toEqual({ id: 'i1' });
    expect(headerOf(service.sent[0], 'X-XSRF-TOKEN')).toBe('token/with=parts');
    expect(service.sent[0]?.init.credentials).toBe('same-origin');
    expect(service.sent[0]?.init.body).toBe('{"email":"a@b.c"}');
  });

  it('sends a PUT with its body and the XSRF header (a channel or a rule changed)', async () => {
    const service = serviceAnswering(() => json(200, { id: 'c1', enabled: false }));

    await service.api.put('/api/v1/workspaces/acme/notification-channels/c1', { enabled: false });

    expect(service.sent[0]?.init.method).toBe('PUT');
    expect(service.sent[0]?.init.body).toBe('{"enabled":false}');
    expect(headerOf(service.sent[0], 'X-XSRF-TOKEN')).toBe('token/with=parts');
  });

  it('sends no XSRF header on a GET', async () => {
    const service = serviceAnswering(() => json(200, { kind: 'person' }));

    await service.api.get('/api/v1/me');

    expect(headerOf(service.sent[0], 'X-XSRF-TOKEN')).toBeUndefined();
    expect(service.sent[0]?.init.method).toBe('GET');
  });

  it('turns a problem+json answer into an ApiError with its title, detail and hint', async () => {
    const service = serviceAnswering(() =>
      json(
        400,
        { type: 'about:blank', title: 'Query too broad', status: 400, detail: 'scans 90 days', hint: 'narrow the time range' },
        'application/problem+json',
      ),
    );

    const failure = await service.api.post('/api/v1/projects/p/spans/heatmap', {}).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ApiError);
    const error = failure as ApiError;
    expect(error.status).toBe(400);
    expect(error.problem.title).toBe('Query too broad');
    expect(error.message).toBe('scans 90 days');
    expect(error.problem.hint).toBe('narrow the time range');
  });

  it('describes an error that is not JSON by its method, path and status', async () => {
    const service = serviceAnswering(() => new Response('<html>bad gateway</html>', { status: 502 }));

    const failure = (await service.api.get('/api/v1/me').catch((e: unknown) => e)) as ApiError;

    expect(failure.status).toBe(502);
    expect(failure.message).toBe('GET /api/v1/me answered 502');
  });

  it('sends a 401 to the sign-in screen and rejects with NotSignedIn', async () => {
    const service = serviceAnswering(() =>
      json(401, { title: 'Unauthorized', status: 401, detail: 'sign in first' }, 'application/problem+json'),
    );

    const failure = await service.api.get('/api/v1/me').catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(NotSignedIn);
    expect(service.unauthorizedCalls()).toBe(1);
  });

  it('answers undefined for 204 No Content', async () => {
    const service = serviceAnswering(() => new Response(null, { status: 204 }));

    await expect(service.api.delete('/api/v1/workspaces/acme/members/u1')).resolves.toBeUndefined();
    expect(headerOf(service.sent[0], 'X-XSRF-TOKEN')).toBe('token/with=parts');
  });

  it('says the service did not answer when the network fails', async () => {
    const api = createApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      cookies: () => '',
      onUnauthorized: () => {},
    });

    const failure = (await api.get('/api/v1/me').catch((e: unknown) => e)) as ApiError;

    expect(failure.status).toBe(0);
    expect(failure.message).toContain('is the service running?');
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and is undefined when absent', () => {
    expect(readCookie('a=1; XSRF-TOKEN=x', 'XSRF-TOKEN')).toBe('x');
    expect(readCookie('a=1', 'XSRF-TOKEN')).toBeUndefined();
  });
});

describe('xsrfHeader', () => {
  it('echoes the cookie on changes only, as the client and the stream reader both send it', () => {
    expect(xsrfHeader('POST', 'XSRF-TOKEN=a%3Db')).toEqual({ 'X-XSRF-TOKEN': 'a=b' });
    expect(xsrfHeader('get', 'XSRF-TOKEN=a')).toEqual({});
    expect(xsrfHeader('DELETE', 'other=1')).toEqual({});
  });
});
