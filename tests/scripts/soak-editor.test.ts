// The soak's editor (scripts/soak-editor.ts) against the app on a real port: it signs in
// through the login form, saves an initiative through the admin form several times, and
// the last save is found by search at once (the change feed keeps search current).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { startApp, type RunningApp } from '../browser/harness.ts';
import { addUser, PASSWORD } from '../helpers/admin.ts';
import { editWhile, signIn } from '../../scripts/soak-editor.ts';

let server: RunningApp;
beforeAll(async () => {
  server = await startApp();
  await addUser(server.app, 'soak-test@example.org', 'editor');
});
afterAll(() => server?.close());

describe('the soak editor', () => {
  it('saves through the admin form and the last save is searchable', async () => {
    const jar = await signIn(server.origin, 'soak-test@example.org', PASSWORD);
    const list = await fetch(`${server.origin}/admin/initiatives`, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    const editPath = parse(await list.text()).querySelector('tbody tr a')?.getAttribute('href');
    expect(editPath).toBeTruthy();
    let rounds = 0;
    const result = await editWhile(server.origin, jar, editPath!, () => rounds++ >= 3, 0);
    expect(result.failureNotes).toEqual([]);
    expect(result.failures).toBe(0);
    expect(result.saves).toBe(3);
    expect(result.lastSaveSearchable).toBe(true);
    // Each save is a revision of the record.
    const history = await fetch(`${server.origin}${editPath}/history`, { headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect((await history.text()).match(/soakmark\d/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  });

  it('refuses a wrong password with the reason', async () => {
    await expect(signIn(server.origin, 'soak-test@example.org', 'not the password')).rejects.toThrow(/could not sign in/);
  });
});
