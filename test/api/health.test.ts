import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { startTestApp } from '../helpers/test-app.js';

describe('GET /api/health', () => {
  it('answers 200 without credentials while the database answers, 503 once it does not', async () => {
    const t = await startTestApp();
    const healthy = await t.call('GET', '/api/health');
    expect(healthy.statusCode).toBe(200);
    expect(healthy.json()).toEqual({ status: 'ok', database: 'ok', version: VERSION });

    await t.database.close();
    const broken = await t.call('GET', '/api/health');
    expect(broken.statusCode).toBe(503);
    expect(broken.json()).toEqual({
      status: 'error',
      database: 'unreachable',
      version: VERSION,
      error: 'The database does not answer',
      code: 'database_unreachable',
    });
    await t.app.close();
  });
});
