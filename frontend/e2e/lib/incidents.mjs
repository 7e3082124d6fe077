// What the incidents and alerting steps share: the project's id for API paths, the API as the
// UI's origin answers it (in a normal run the UI is the service), the workspace pages' paths, and
// a person logged in again after an earlier step logged them out.

/**
 * The id of the project the journey is in (the UI's URL names it by slug).
 * @param {import('./context.mjs').JourneyContext} ctx
 * @returns {Promise<string>}
 */
export async function projectId(ctx) {
  if (typeof ctx.state.projectId !== 'string') {
    /** @type {{ id: string, slug: string }[]} */
    const projects = await ctx.api('owner', 'GET', ctx.workspaceApi('/projects'));
    const place = ctx.state.place?.project;
    const project = projects.find((p) => p.slug === place || p.id === place);
    if (project === undefined) {
      throw new Error(`no project ${place} among ${projects.map((p) => p.slug).join(', ')}`);
    }
    ctx.state.projectId = project.id;
  }
  return /** @type {string} */ (ctx.state.projectId);
}

/**
 * The API through the UI's origin, as a logged-in person's page calls it, answering the status
 * and the parsed body whatever the status (a step decides what a 404 means).
 * @param {import('./context.mjs').JourneyContext} ctx
 * @param {import('./context.mjs').Person} person
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<{ status: number, body: unknown }>}
 */
export async function call(ctx, person, method, path, body) {
  const page = ctx.pages.get(person);
  if (page === undefined) {
    throw new Error(`${person} is not logged in; call ctx.as('${person}') first`);
  }
  const cookies = await page.context().cookies(ctx.ui);
  const xsrf = cookies.find((c) => c.name === 'XSRF-TOKEN')?.value;
  const answer = await page.request.fetch(new URL(path, ctx.ui).href, {
    method,
    headers: { Accept: 'application/json', ...(xsrf === undefined ? {} : { 'X-XSRF-TOKEN': xsrf }) },
    data: body,
  });
  const text = await answer.text();
  let parsed;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: answer.status(), body: parsed };
}

/**
 * Like {@link call}, but fails unless the answer is 2xx; answers the parsed body (typed by the caller).
 * @param {import('./context.mjs').JourneyContext} ctx
 * @param {import('./context.mjs').Person} person
 * @param {string} method
 * @param {string} path
 * @param {unknown} [body]
 */
export async function ok(ctx, person, method, path, body) {
  const answer = await call(ctx, person, method, path, body);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${method} ${path} as ${person} answered ${answer.status}: ${JSON.stringify(answer.body)?.slice(0, 500)}`);
  }
  return answer.body;
}

/**
 * Skips the step when the service answers 404 to an endpoint of the incidents API: it was
 * started before that part was built (restart the stack with ./dev up).
 * @param {import('./context.mjs').JourneyContext} ctx
 * @param {string} path
 */
export async function requireEndpoint(ctx, path) {
  const answer = await call(ctx, 'owner', 'GET', path);
  if (answer.status === 404 || answer.status === 405) {
    ctx.skip(`GET ${path} answered ${answer.status}: this service has no such endpoint yet; restart the stack (./dev up) on a build that has it`);
  }
  return answer;
}

/**
 * A workspace page's path: workspacePage(ctx, 'alerting', 'tab=silences').
 * @param {import('./context.mjs').JourneyContext} ctx
 * @param {string} page
 * @param {string} [query]
 */
export function workspacePage(ctx, page, query) {
  const workspace = ctx.state.place?.workspace;
  if (workspace === undefined) {
    throw new Error('no place yet: the login step records the workspace the UI opened');
  }
  return `/w/${encodeURIComponent(workspace)}/${page}${query === undefined ? '' : `?${query}`}`;
}

/**
 * The person logged in, again if an earlier step logged them out (the admin steps end with the
 * viewer logging out): their old browser context is closed and a new one logs in.
 * @param {import('./context.mjs').JourneyContext} ctx
 * @param {import('./context.mjs').Person} person
 */
export async function loggedIn(ctx, person) {
  const known = ctx.pages.get(person);
  if (known !== undefined) {
    const me = await call(ctx, person, 'GET', '/api/v1/me');
    if (me.status === 200) {
      return ctx.as(person);
    }
    ctx.pages.delete(person);
    await known.context().close().catch(() => undefined);
  }
  return ctx.as(person);
}
