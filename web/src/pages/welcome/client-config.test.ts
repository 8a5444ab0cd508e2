import { describe, expect, it } from 'vitest';
import {
  decodeClientConfig,
  encodeClientConfig,
  isValidApiUrl,
  isValidHost,
  qrCodeText,
  suggestedApi,
  windowsExeName,
} from './client-config';

/** The reader of the RustDesk client for --config and installer names (src/custom_server.rs), step by step. */
function readLikeTheWindowsClient(configString: string): Record<string, string> {
  const reversed = [...configString].reverse().join('');
  // URL_SAFE_NO_PAD: only the url-safe alphabet, and no padding.
  expect(reversed).toMatch(/^[A-Za-z0-9_-]+$/);
  return JSON.parse(Buffer.from(reversed, 'base64url').toString('utf8'));
}

describe('the client configuration string', () => {
  const config = {
    host: 'rustdesk.example.net',
    relay: '',
    api: 'http://rustdesk.example.net:21114',
    key: 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=',
  };

  it('is the reversed, unpadded base64url of {"host","relay","api","key"}', () => {
    const encoded = encodeClientConfig(config);
    const json = JSON.stringify(config);
    const expected = [...Buffer.from(json).toString('base64url')].reverse().join('');
    expect(encoded).toBe(expected);
    expect(encoded).not.toContain('=');
    expect(readLikeTheWindowsClient(encoded)).toEqual(config);
  });

  it('matches the RustDesk client test vector in field content', () => {
    // From the RustDesk client's own test (src/custom_server.rs): host 1.1.1.1 and a key, nothing else.
    const official =
      '0nI900VsFHZVBVdIlncwpHS4V0bOZ0dtVldrpVO4JHdCp0YV5WdzUGZzdnYRVjI6ISeltmIsISMuEjLx4SMiojI0N3boJye';
    expect(decodeClientConfig(official)).toEqual({
      host: '1.1.1.1',
      relay: '',
      api: '',
      key: '5Qbwsde3unUcJBtrx9ZkvUmwFNoExHzpryHuPUdqlWM=',
    });
    const ours = encodeClientConfig({
      host: '1.1.1.1',
      relay: '',
      api: '',
      key: '5Qbwsde3unUcJBtrx9ZkvUmwFNoExHzpryHuPUdqlWM=',
    });
    expect(readLikeTheWindowsClient(ours)).toMatchObject({
      host: '1.1.1.1',
      key: '5Qbwsde3unUcJBtrx9ZkvUmwFNoExHzpryHuPUdqlWM=',
    });
  });

  it('round-trips, trims the fields, and survives non-ASCII text', () => {
    expect(decodeClientConfig(encodeClientConfig({ ...config, host: ' rustdesk.example.net ' }))).toEqual(
      config,
    );
    const unicode = { ...config, host: 'bücher.example' };
    expect(decodeClientConfig(encodeClientConfig(unicode))).toEqual(unicode);
  });

  it('never contains "--", which the installer-name reader splits on', () => {
    for (let i = 0; i < 200; i += 1) {
      const encoded = encodeClientConfig({
        ...config,
        host: `host-${i}.example`,
        key: `${'k'.repeat(i % 50)}==`,
      });
      expect(encoded).not.toContain('--');
    }
  });

  it('refuses what is not a config string', () => {
    expect(() => decodeClientConfig('not a config!')).toThrow();
    expect(() =>
      decodeClientConfig([...Buffer.from('[1,2]').toString('base64url')].reverse().join('')),
    ).toThrow();
  });

  it('gives the installer name and the QR text the clients read', () => {
    const encoded = encodeClientConfig(config);
    expect(windowsExeName(encoded)).toBe(`rustdesk-licensed-${encoded}.exe`);
    expect(qrCodeText(encoded)).toBe(`config=${encoded}`);
  });
});

describe('the generator fields', () => {
  it('accepts host names, addresses and ports; refuses schemes, paths and spaces', () => {
    for (const host of [
      'rustdesk.example.net',
      '192.168.1.10',
      '192.168.1.10:21116',
      '[fd00::1]',
      'localhost',
    ]) {
      expect(isValidHost(host), host).toBe(true);
    }
    for (const host of ['', 'http://x.example', 'x.example/path', 'two words', 'x:port']) {
      expect(isValidHost(host), host).toBe(false);
    }
  });

  it('accepts http and https API addresses only', () => {
    expect(isValidApiUrl('http://10.0.0.5:21114')).toBe(true);
    expect(isValidApiUrl('https://rustdesk.example.net')).toBe(true);
    expect(isValidApiUrl('rustdesk.example.net:21114')).toBe(false);
    expect(isValidApiUrl('ftp://x')).toBe(false);
  });

  it('suggests the console address on the same host, else http://<host>:21114', () => {
    expect(suggestedApi('rustdesk.example.net', 'https://rustdesk.example.net')).toBe(
      'https://rustdesk.example.net',
    );
    expect(suggestedApi('10.0.0.5', 'http://10.0.0.5:21114')).toBe('http://10.0.0.5:21114');
    expect(suggestedApi('10.0.0.5:21116', 'http://10.0.0.5:21114')).toBe('http://10.0.0.5:21114');
    expect(suggestedApi('rustdesk.example.net', 'http://10.0.0.5:21114')).toBe(
      'http://rustdesk.example.net:21114',
    );
    expect(suggestedApi('rustdesk.example.net', '')).toBe('http://rustdesk.example.net:21114');
  });
});
