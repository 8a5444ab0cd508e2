import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './login-redirect';

describe('the return address after login', () => {
  it('goes back to a page of this console', () => {
    expect(safeNextPath('/account')).toBe('/account');
    expect(safeNextPath('/devices?current=2')).toBe('/devices?current=2');
  });

  it('never leaves the console, and never loops back to the login page', () => {
    for (const next of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'welcome',
      '/login',
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/welcome');
    }
    expect(safeNextPath('/login?next=%2Faccount')).toBe('/welcome');
  });

  it('builds the login address with the page to return to and why the session ended', () => {
    expect(loginPathFor('/account')).toBe('/login?next=%2Faccount');
    expect(loginPathFor('/welcome')).toBe('/login');
    expect(loginPathFor('/', 'expired')).toBe('/login?reason=expired');
    expect(loginPathFor('/account?change=password', 'expired')).toBe(
      '/login?next=%2Faccount%3Fchange%3Dpassword&reason=expired',
    );
  });
});
