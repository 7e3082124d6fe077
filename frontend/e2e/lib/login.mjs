// The login a person does in the browser: the service's OIDC start, the development provider's
// form, and back. See docs/identity.md ("In a browser") and dev-idp/README.md.

/**
 * The development provider's demo users (dev-idp's DemoUsers.java; the passwords are not
 * secrets, the provider prints them at its start). It knows no one else, so a freshly invited
 * address cannot log in there.
 */
export const DEMO_USERS = {
  owner: { email: 'owner@demo.local', password: 'owner-local-only', name: 'Olivia Owner' },
  admin: { email: 'admin@demo.local', password: 'admin-local-only', name: 'Adam Admin' },
  member: { email: 'member@demo.local', password: 'member-local-only', name: 'Mia Member' },
  viewer: { email: 'viewer@demo.local', password: 'viewer-local-only', name: 'Victor Viewer' },
};

/**
 * Logs a person in and leaves the page on the UI's start, `/` (which opens their first
 * workspace). The login runs on the service itself: its registered redirect URI is the
 * service's, so through the Vite dev server the session cookie is made on the service and
 * then used by the dev server's origin (cookies ignore ports; frontend/README.md).
 * @param {import('playwright-core').Page} page
 * @param {{ ui: string, service: string }} where
 * @param {{ email: string, password: string }} who
 */
export async function logIn(page, where, who) {
  const service = new URL(where.service);
  await page.goto(new URL('/oauth2/authorization/dev', service).href);
  const form = page.locator('form.login-form, form[action$="/login"]').first();
  if (!(await form.isVisible())) {
    throw new Error(`${service.origin}/oauth2/authorization/dev did not lead to the development provider's login form but to ${page.url()}; is the stack up with its provider (./dev status)?`);
  }
  await page.fill('input[name=username]', who.email);
  await page.fill('input[name=password]', who.password);
  await Promise.all([
    page.waitForURL((url) => url.origin === service.origin || url.search.includes('error'), { timeout: 30_000 }),
    page.click('button[type=submit]'),
  ]);
  const landed = new URL(page.url());
  if (landed.origin !== service.origin) {
    throw new Error(`the development provider refused ${who.email} (it stayed at ${landed.href}): wrong password, or not one of its demo users`);
  }
  if (landed.searchParams.has('error') || landed.pathname.startsWith('/login')) {
    throw new Error(`the service refused the login of ${who.email} at its callback (${landed.href}); see .dev/app.log`);
  }
  if (new URL(where.ui).origin !== service.origin) {
    await page.goto(new URL('/', where.ui).href);
  }
}
