import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logIn, openPage, useConsole } from './harness.js';

const HBBS_KEY = 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=';
const RELAY = 'rustdesk.example.com:21117';

describe('Settings when --hbbs-key-file and --relay-servers decide the key and the relays', {
  timeout: 90_000,
}, () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rdconsole-hbbs-'));
  const keyFile = path.join(folder, 'id_ed25519.pub');
  fs.writeFileSync(keyFile, HBBS_KEY);
  const app = useConsole(undefined, { RDCONSOLE_HBBS_KEY_FILE: keyFile, RDCONSOLE_RELAY_SERVERS: RELAY });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('shows them, says where they come from, and offers nothing to change', async () => {
    const page = await openPage(app.browser, 'settings-from-configuration');
    await logIn(page, app.server, 'admin', 'test1234');

    await page.goto(`${app.server.url}/settings?tab=key`);
    await page.getByText("Read from hbbs's key file").waitFor();
    expect(await page.getByLabel('Current public key').textContent()).toContain(HBBS_KEY);
    expect(await page.getByLabel('Public key', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);

    await page.getByRole('tab', { name: 'Relay' }).click();
    await page.getByText('Set by --relay-servers').waitFor();
    const relay = page.getByRole('textbox', { name: 'Relay server 1' });
    expect(await relay.inputValue()).toBe(RELAY);
    expect(await relay.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Add a relay server' }).isDisabled()).toBe(true);
  });
});
