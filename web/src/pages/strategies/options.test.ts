import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  type CatalogueOption,
  changedKeys,
  controlOf,
  currentValue,
  groupOptions,
  matchesSearch,
  sectionOf,
  switchIsOn,
  valueProblem,
} from './options';

const option = (fields: Partial<CatalogueOption> & { key: string }): CatalogueOption => ({
  section: 'security',
  store: 'settings',
  kind: 'text',
  description: '',
  default: '',
  ...fields,
});

const clipboard = option({
  key: 'enable-clipboard',
  section: 'permissions',
  kind: 'bool',
  on: 'unless-N',
  default: 'Y',
  description: 'Share the clipboard with the controlling side',
});
const approve = option({
  key: 'approve-mode',
  kind: 'enum',
  values: ['password', 'click', 'password-click'],
  default: 'password-click',
  description: 'How incoming sessions are accepted',
});
const port = option({ key: 'direct-access-port', section: 'network', kind: 'number', min: 1, max: 65535 });
const whitelist = option({ key: 'whitelist', maxLength: 4096, description: 'Only these IP addresses' });

describe('the control of an option', () => {
  it('follows its kind: switch, select, number, text', () => {
    expect(controlOf(clipboard)).toEqual({ type: 'switch' });
    expect(controlOf(approve)).toEqual({ type: 'select', values: ['password', 'click', 'password-click'] });
    expect(controlOf(port)).toEqual({ type: 'number', min: 1, max: 65535 });
    expect(controlOf(whitelist)).toEqual({ type: 'text', maxLength: 4096 });
  });

  it('edits a kind it does not know as text, and puts an unknown section under "other"', () => {
    const future = option({ key: 'future', kind: 'colour', section: 'appearance' });
    expect(controlOf(future)).toEqual({ type: 'text', maxLength: 4096 });
    expect(sectionOf(future)).toBe('other');
    expect(sectionOf(port)).toBe('network');
  });

  it('shows a switch on for "Y", off for "N", and the client default when unset or empty', () => {
    expect(switchIsOn(clipboard, 'Y')).toBe(true);
    expect(switchIsOn(clipboard, 'N')).toBe(false);
    expect(switchIsOn(clipboard, undefined)).toBe(true);
    expect(switchIsOn(clipboard, '')).toBe(true);
    const autoUpdate = option({ key: 'allow-auto-update', kind: 'bool', default: 'N' });
    expect(switchIsOn(autoUpdate, undefined)).toBe(false);
  });
});

describe('edits of an option map', () => {
  const stored = { 'enable-clipboard': 'N', whitelist: '10.0.0.0/8' };

  it('shows the edit over the stored value, and null as not set', () => {
    const edits = { 'enable-clipboard': 'Y', whitelist: null };
    expect(currentValue(stored, edits, 'enable-clipboard')).toBe('Y');
    expect(currentValue(stored, edits, 'whitelist')).toBeUndefined();
    expect(currentValue(stored, edits, 'approve-mode')).toBeUndefined();
    expect(currentValue(stored, {}, 'whitelist')).toBe('10.0.0.0/8');
  });

  it('keeps what is untouched, sets new values, keeps "" and drops what is reset', () => {
    expect(applyEdits(stored, { 'approve-mode': 'click', whitelist: null, 'id-whitelist': '' })).toEqual({
      'enable-clipboard': 'N',
      'approve-mode': 'click',
      'id-whitelist': '',
    });
    expect(stored).toEqual({ 'enable-clipboard': 'N', whitelist: '10.0.0.0/8' });
  });

  it('counts only real changes: a value put back or an unset key reset is none', () => {
    expect(changedKeys(stored, {})).toEqual([]);
    expect(changedKeys(stored, { 'enable-clipboard': 'N', 'approve-mode': null })).toEqual([]);
    expect(changedKeys(stored, { whitelist: null, 'approve-mode': 'click', 'id-whitelist': '' })).toEqual([
      'approve-mode',
      'id-whitelist',
      'whitelist',
    ]);
  });
});

describe('finding options', () => {
  it('matches every word of the search in the key or the description, ignoring case', () => {
    expect(matchesSearch(clipboard, '')).toBe(true);
    expect(matchesSearch(clipboard, 'CLIPBOARD')).toBe(true);
    expect(matchesSearch(clipboard, 'share controlling')).toBe(true);
    expect(matchesSearch(clipboard, 'clipboard port')).toBe(false);
    expect(matchesSearch(approve, 'approve')).toBe(true);
  });

  it('groups the options by section in the console order, keeping the catalogue order', () => {
    const extra = option({ key: 'id-whitelist' });
    const groups = groupOptions([port, whitelist, clipboard, approve, extra], () => true);
    expect(groups.map((group) => group.section)).toEqual([
      'security',
      'permissions',
      'network',
      'display',
      'other',
    ]);
    expect(groups[0]?.options.map((o) => o.key)).toEqual(['whitelist', 'approve-mode', 'id-whitelist']);
    expect(groups[1]?.options.map((o) => o.key)).toEqual(['enable-clipboard']);
    expect(groups[3]?.options).toEqual([]);
    const found = groupOptions([port, whitelist, clipboard], (o) => matchesSearch(o, 'port'));
    expect(found.flatMap((group) => group.options.map((o) => o.key))).toEqual(['direct-access-port']);
  });
});

describe('checking a value before it is sent', () => {
  it('accepts what the server accepts, "" included', () => {
    expect(valueProblem(clipboard, 'N')).toBeNull();
    expect(valueProblem(approve, 'click')).toBeNull();
    expect(valueProblem(port, '21118')).toBeNull();
    expect(valueProblem(whitelist, '10.0.0.0/8')).toBeNull();
    for (const o of [clipboard, approve, port, whitelist]) expect(valueProblem(o, '')).toBeNull();
  });

  it('names what is wrong otherwise', () => {
    expect(valueProblem(clipboard, 'yes')).toEqual({ kind: 'yesNo' });
    expect(valueProblem(approve, 'never')).toEqual({
      kind: 'oneOf',
      values: ['password', 'click', 'password-click'],
    });
    expect(valueProblem(port, '0')).toEqual({ kind: 'range', min: 1, max: 65535 });
    expect(valueProblem(port, '70000')).toEqual({ kind: 'range', min: 1, max: 65535 });
    expect(valueProblem(port, '1.5')).toEqual({ kind: 'range', min: 1, max: 65535 });
    expect(valueProblem(whitelist, 'x'.repeat(4097))).toEqual({ kind: 'tooLong', max: 4096 });
  });
});
