// Logging in as the owner through the development OIDC provider, and the shell it lands in.
import { check, until } from '../lib/context.mjs';
import { DEMO_USERS } from '../lib/login.mjs';

export const order = 10;

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner logs in through the development provider',
    async run(ctx) {
      const page = await ctx.as('owner');
      // `/` opens the first workspace, and that its first project: /w/{workspace}/p/{project}.
      const place = await until(
        async () => /^\/w\/([^/]+)\/p\/([^/]+)/.exec(new URL(page.url()).pathname),
        `after the login the UI should open a project (/w/…/p/…), but it is on ${page.url()}`,
      );
      ctx.state.place = { workspace: decodeURIComponent(place[1] ?? ''), project: decodeURIComponent(place[2] ?? '') };
      await ctx.look();
    },
  },
  {
    name: 'the shell shows the owner and the role',
    async run(ctx) {
      const header = ctx.current.locator('header');
      const who = await header.locator('.who').innerText();
      check(who.includes(DEMO_USERS.owner.name), `the header should name ${DEMO_USERS.owner.name}; it says "${who}"`);
      const role = (await header.locator('.role').innerText()).toLowerCase();
      check(role === 'owner', `the header should show the role owner; it shows "${role}"`);
      check(await header.getByRole('button', { name: 'Log out' }).isVisible(), 'the header has no "Log out" button');
      check(await ctx.current.getByRole('navigation', { name: 'Pages' }).isVisible(), 'the project has no navigation of its pages');
      await ctx.look();
    },
  },
];
