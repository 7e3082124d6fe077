// The admin pages: the owner removes the demo member and invites them back with a link, which
// the member opens after logging in to join again; the owner makes, rotates and revokes a key and
// filters the audit log; then the member and a viewer find the admin actions closed to them.
//
// The development provider knows only its four demo users, so the person invited is the demo
// member, removed first (the docs' own walk-through in docs/identity.md does the same). Should the
// journey stop in between, a cleanup puts them back through the API.
import { check, until } from '../lib/context.mjs';
import { DEMO_USERS } from '../lib/login.mjs';

export const order = 80;

/**
 * The secret of a one-time box: its last code element (the others are usage hints); the
 * secret's own has data-testid="secret-value".
 * @param {import('playwright-core').Locator} box
 */
async function secretIn(box) {
  return (await box.locator('code').last().innerText()).trim();
}

/**
 * The read API with a key, from outside the browser: does the secret work?
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 * @param {string} secret
 */
async function keyWorks(ctx, secret) {
  const answer = await fetch(`${ctx.service}/api/v1/whoami`, { headers: { Authorization: `Bearer ${secret}` } });
  return answer.status === 200;
}

/**
 * Every control of `locator` is disabled, and there is at least one.
 * @param {import('playwright-core').Locator} locator
 * @param {string} what
 */
async function allDisabled(locator, what) {
  const count = await locator.count();
  check(count > 0, `found no ${what} to check`);
  for (let i = 0; i < count; i += 1) {
    check(await locator.nth(i).isDisabled(), `${what} #${i + 1} is enabled, but this role may not use it`);
  }
}

/** Members page checks shared by the member and the viewer. @param {import('../lib/context.mjs').JourneyContext} ctx */
async function membersClosed(ctx) {
  const page = await ctx.open(ctx.place('members'));
  await page.getByRole('heading', { name: 'Members' }).waitFor();
  await allDisabled(page.getByRole('button', { name: 'Invite', exact: true }), 'Invite button');
  await allDisabled(page.getByRole('textbox', { name: 'Email to invite' }), 'invitation email field');
  await allDisabled(page.getByRole('combobox', { name: /^Role of / }), 'role select');
  await allDisabled(page.getByRole('button', { name: /^Remove/ }), 'Remove button');
  check(!(await page.getByRole('heading', { name: 'Pending invitations' }).isVisible()), 'the pending invitations are listed to a role that may not see them');
  const text = await page.locator('main').innerText();
  check(text.includes('only owners and admins change them'), 'the Members page does not say why its actions are closed');
  await ctx.look();
}

/** Audit page for a role that may not read it. @param {import('../lib/context.mjs').JourneyContext} ctx */
async function auditClosed(ctx) {
  const page = await ctx.open(ctx.place('audit'));
  check((await page.getByTestId('audit-table').count()) === 0, 'the audit entries are shown to a role that may not read them');
  await page.getByText('The audit log is for owners and admins').waitFor();
  await ctx.look();
}

/**
 * The demo member back in the workspace as a member, through the API, when the journey stopped
 * between removing and re-inviting them.
 * @param {import('../lib/context.mjs').JourneyContext} ctx
 */
async function restoreMember(ctx) {
  if (ctx.state.memberJoined) {
    return;
  }
  const email = DEMO_USERS.member.email;
  /** @type {{ members: { email: string }[] }} */
  const listed = await ctx.api('owner', 'GET', ctx.workspaceApi('/members'));
  if (listed.members.some((m) => m.email === email)) {
    return;
  }
  /** @type {{ id: string, email: string, status: string }[]} */
  const invitations = await ctx.api('owner', 'GET', ctx.workspaceApi('/invitations'));
  for (const pending of invitations.filter((i) => i.email === email && i.status === 'pending')) {
    await ctx.api('owner', 'DELETE', ctx.workspaceApi(`/invitations/${pending.id}`));
  }
  const issued = await ctx.api('owner', 'POST', ctx.workspaceApi('/invitations'), { email, role: 'member' });
  await ctx.as('member');
  await ctx.api('member', 'POST', '/api/v1/invitations/accept', { token: issued.token });
}

/** @type {import('../journey.mjs').Step[]} */
export const steps = [
  {
    name: 'owner sees the seats used on Members',
    async run(ctx) {
      const page = await ctx.as('owner');
      await ctx.open(ctx.place('members'));
      const seats = await page.getByText(/Seats used/).innerText();
      check(/Seats used: \d+/.test(seats), `the Members page should say how many seats are used; it says "${seats}"`);
      ctx.state.seats = seats;
    },
  },
  {
    name: 'owner removes the demo member and invites them back with a link',
    async run(ctx) {
      const page = await ctx.as('owner');
      const email = DEMO_USERS.member.email;
      // Whatever happens below, the member is in the workspace again at the end (the stack may be shared).
      ctx.cleanup(() => restoreMember(ctx));
      const row = page.getByRole('row').filter({ hasText: email });
      await row.getByRole('button', { name: `Remove ${email}` }).click();
      await page.getByRole('group', { name: `Confirm: Remove ${email}` }).getByRole('button', { name: 'Remove member' }).click();
      await until(async () => (await page.getByRole('row').filter({ hasText: email }).count()) === 0,
        `${email} is still a member after being removed`);
      await page.getByRole('textbox', { name: 'Email to invite' }).fill(email);
      await page.getByRole('combobox', { name: 'Role to invite as' }).selectOption('member');
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      const box = page.getByRole('status').filter({ hasText: `Invitation for ${email}` });
      await box.waitFor();
      const link = await secretIn(box);
      check(/\/accept\?token=.{20,}/.test(link), `the invitation shows "${link}", not a link to accept it`);
      ctx.state.invitation = { email, link };
      await ctx.look();
    },
  },
  {
    name: 'owner creates a read key and sees its secret once',
    async run(ctx) {
      const page = await ctx.open(ctx.place('keys'));
      const name = `e2e-${Date.now()}`;
      const keys = ctx.workspaceApi(`/projects/${encodeURIComponent(ctx.state.place?.project ?? '')}/keys`);
      // Whatever happens below, the journey's keys do not outlive it (the stack may be shared).
      ctx.cleanup(async () => {
        /** @type {{ id: string, name: string, revokedAt: string | null }[]} */
        const listed = await ctx.api('owner', 'GET', keys);
        for (const key of listed.filter((k) => k.name === name && k.revokedAt === null)) {
          await ctx.api('owner', 'DELETE', `${keys}/${key.id}`);
        }
      });
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('combobox', { name: 'Scope' }).selectOption('read');
      await page.getByRole('button', { name: 'Create key' }).click();
      const box = page.getByTestId('key-secret');
      await box.waitFor();
      const text = await box.innerText();
      check(text.includes('you will not see it again'), `the secret's box does not warn that it is shown once: "${text}"`);
      const secret = await secretIn(box);
      check(secret.startsWith('thk_'), `the secret shown is "${secret}", not a key (thk_…)`);
      await box.getByRole('button', { name: 'Copy', exact: true }).click();
      await box.getByRole('button', { name: 'Copied', exact: true }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      check(copied === secret, 'the Copy button did not put the secret on the clipboard');
      await until(() => keyWorks(ctx, secret), 'the new read key is refused by GET /api/v1/whoami');
      await page.getByTestId('key-row').filter({ hasText: name }).waitFor();
      ctx.state.key = { name, secret };
      await ctx.look();
    },
  },
  {
    name: 'owner rotates the key after confirming: a new secret, shown once',
    async run(ctx) {
      const page = ctx.current;
      const { name, secret } = ctx.state.key ?? ctx.skip('no key was made by the step before');
      await page.getByRole('button', { name: `Rotate key ${name}` }).click();
      await page.getByRole('group', { name: `Confirm: Rotate key ${name}` }).getByRole('button', { name: 'Rotate now' }).click();
      const box = page.getByTestId('key-secret');
      const rotated = await until(async () => {
        const shown = await secretIn(box);
        return shown !== secret && shown.startsWith('thk_') ? shown : undefined;
      }, 'the rotated key shows no new secret');
      await until(() => keyWorks(ctx, rotated), 'the rotated key is refused by GET /api/v1/whoami');
      ctx.state.key = { name, secret: rotated };
      await ctx.look();
    },
  },
  {
    name: 'owner revokes the key after confirming',
    async run(ctx) {
      const page = ctx.current;
      const { name } = ctx.state.key ?? ctx.skip('no key was made by the step before');
      await page.getByRole('button', { name: 'I have copied it, hide it' }).click();
      await page.getByRole('button', { name: `Revoke key ${name}` }).click();
      await page.getByRole('group', { name: `Confirm: Revoke key ${name}` }).getByRole('button', { name: 'Revoke key' }).click();
      const row = page.getByTestId('key-row').filter({ hasText: name });
      await until(async () => (await row.count()) === 0, `the key ${name} is still listed as working after its revocation`);
      const showAll = page.getByRole('checkbox', { name: 'Also show revoked and expired keys' });
      await showAll.click();
      await until(async () => new URL(page.url()).searchParams.get('show') === 'all', 'showing revoked keys is not in the URL (show=all)');
      await until(() => showAll.isChecked(), 'the "show revoked" box is not ticked after a click');
      // Rotating replaced the first key by a second of the same name: both are revoked now.
      await until(async () => {
        const statuses = await row.locator('.admin-status').allInnerTexts();
        return statuses.length === 2 && statuses.every((s) => s === 'revoked');
      }, `the key ${name} and the one it was rotated from are not both listed as revoked`);
      await ctx.look();
    },
  },
  {
    name: 'owner filters the audit log by action and the link keeps the filter',
    async run(ctx) {
      const page = await ctx.open(ctx.place('audit'));
      await page.getByTestId('audit-table').waitFor();
      const action = ctx.state.key === undefined ? 'invitation_created' : 'api_key_created';
      await page.getByRole('combobox', { name: 'Action' }).selectOption(action);
      await until(async () => new URL(page.url()).searchParams.get('action') === action, `the action filter is not in the URL (action=${action})`);
      const rows = page.getByTestId('audit-row');
      const actions = await until(async () => {
        const found = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
        return found.length > 0 && found.every((a) => a === action) ? found : undefined;
      }, `the audit log filtered by ${action} should list only such entries, at least the journey's own`);
      await page.reload();
      await ctx.settled();
      check((await page.getByRole('combobox', { name: 'Action' }).inputValue()) === action, 'after a reload the action filter is lost');
      check((await rows.count()) === actions.length, 'after a reload the filtered entries differ');
      await ctx.look();
    },
  },
  {
    name: 'the invited member logs in, opens the link and joins as a member',
    async run(ctx) {
      const invitation = ctx.state.invitation ?? ctx.skip('no invitation was made by the step before');
      const page = await ctx.as('member');
      await page.goto(invitation.link);
      await page.getByTestId('accept-invitation').waitFor();
      await ctx.look('the invitation page');
      await page.getByRole('button', { name: 'Accept the invitation' }).click();
      await until(async () => new URL(page.url()).pathname.startsWith('/w/'), `accepting should open the workspace; the browser is on ${page.url()}`);
      ctx.state.memberJoined = true;
      await ctx.open(ctx.place());
      const who = await page.locator('header .who').innerText();
      check(who.toLowerCase().includes('member'), `the header should show the role member; it says "${who}"`);
      check(!who.includes(DEMO_USERS.owner.name), 'the member sees the owner in the header');
      await ctx.look();
    },
  },
  {
    name: 'the member cannot invite, change roles or remove anyone',
    async run(ctx) {
      await ctx.as('member');
      await membersClosed(ctx);
    },
  },
  {
    name: 'the member makes keys but cannot rotate or revoke keys made by others',
    async run(ctx) {
      await ctx.as('member');
      const page = await ctx.open(ctx.place('keys'));
      // docs/identity.md: members manage their own API keys, admins every key.
      check(await page.getByRole('button', { name: 'Create key' }).isEnabled(), 'a member may make their own keys, but "Create key" is disabled');
      // Keys made by others (the demo keys were made by the service): their buttons are closed.
      const rows = page.getByTestId('key-row');
      let others = 0;
      for (let i = 0; i < (await rows.count()); i += 1) {
        const row = rows.nth(i);
        if ((await row.getByRole('cell').nth(2).innerText()).trim() === 'you') {
          continue;
        }
        others += 1;
        await allDisabled(row.getByRole('button', { name: /^(Rotate|Revoke) key / }), `Rotate or Revoke button of the key "${await row.getAttribute('data-key-name')}", made by someone else,`);
      }
      check(others > 0, 'found no key made by someone else to check (the demo keys should be listed)');
      await ctx.look();
    },
  },
  {
    name: 'the member cannot read the audit log',
    async run(ctx) {
      await ctx.as('member');
      await auditClosed(ctx);
    },
  },
  {
    name: 'the viewer logs in',
    async run(ctx) {
      const page = await ctx.as('viewer');
      await ctx.open(ctx.place());
      const role = (await page.locator('header .role').innerText()).toLowerCase();
      check(role === 'viewer', `the header should show the role viewer; it shows "${role}"`);
    },
  },
  {
    name: 'the viewer cannot invite, change roles or remove anyone',
    async run(ctx) {
      await ctx.as('viewer');
      await membersClosed(ctx);
    },
  },
  {
    name: 'the viewer sees no keys and cannot make one',
    async run(ctx) {
      await ctx.as('viewer');
      const page = await ctx.open(ctx.place('keys'));
      await allDisabled(page.getByRole('button', { name: 'Create key' }), '"Create key" button');
      check((await page.getByTestId('key-row').count()) === 0, 'the project keys are listed to a viewer');
      await page.getByText("Viewers do not see the project's keys").waitFor();
      await ctx.look();
    },
  },
  {
    name: 'the viewer cannot read the audit log',
    async run(ctx) {
      await ctx.as('viewer');
      await auditClosed(ctx);
    },
  },
  {
    name: 'the viewer logs out and lands on the sign-in screen',
    async run(ctx) {
      const page = await ctx.as('viewer');
      await page.getByRole('button', { name: 'Log out' }).click();
      await until(async () => new URL(page.url()).pathname === '/signin', `after logging out the browser is on ${page.url()}, not /signin`);
      await page.getByRole('link', { name: 'Sign in' }).waitFor();
      await ctx.look();
    },
  },
];
