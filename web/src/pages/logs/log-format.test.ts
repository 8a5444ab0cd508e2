import { describe, expect, it } from 'vitest';
import {
  alarmInfo,
  codeOptions,
  durationParts,
  filterInstant,
  formatBytes,
  nameOfCode,
  rangeFilter,
} from './log-format';

describe('durations in the logs', () => {
  it('shows the two largest units and drops what is smaller', () => {
    expect(durationParts(3_903)).toEqual([
      { unit: 'hours', count: 1 },
      { unit: 'minutes', count: 5 },
    ]);
    expect(durationParts(2 * 86_400 + 4 * 3_600 + 59)).toEqual([
      { unit: 'days', count: 2 },
      { unit: 'hours', count: 4 },
    ]);
    expect(durationParts(45)).toEqual([{ unit: 'seconds', count: 45 }]);
    expect(durationParts(125)).toEqual([
      { unit: 'minutes', count: 2 },
      { unit: 'seconds', count: 5 },
    ]);
  });

  it('leaves out a zero second unit: 1 h, not 1 h 0 min', () => {
    expect(durationParts(3_600)).toEqual([{ unit: 'hours', count: 1 }]);
    expect(durationParts(86_400 + 30)).toEqual([{ unit: 'days', count: 1 }]);
  });

  it('says 0 s for nothing, and for a negative span from a skewed clock', () => {
    expect(durationParts(0)).toEqual([{ unit: 'seconds', count: 0 }]);
    expect(durationParts(-20)).toEqual([{ unit: 'seconds', count: 0 }]);
  });
});

describe('file sizes', () => {
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(4_000_000_000)).toBe('3.7 GB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MB');
  });

  it('shows nothing for a size that is not one', () => {
    expect(formatBytes(-1)).toBe('');
    expect(formatBytes(Number.NaN)).toBe('');
  });
});

describe('codes', () => {
  const names = { '0': 'Remote Desktop', '1': 'File Transfer', '10': 'Ten', '2': 'Port Transfer' };

  it('names a known code and says "unknown" for any other', () => {
    expect(nameOfCode(names, 1, 'Unknown (1)')).toBe('File Transfer');
    expect(nameOfCode(names, 7, 'Unknown (7)')).toBe('Unknown (7)');
  });

  it('offers the codes in numeric order', () => {
    expect(codeOptions(names).map((option) => option.value)).toEqual(['0', '1', '2', '10']);
  });
});

describe('the time-range filter', () => {
  it('covers whole minutes: from the first second to the last', () => {
    const start = Date.UTC(2025, 8, 9, 6, 15, 57, 300);
    const end = Date.UTC(2025, 8, 9, 7, 30, 5);
    expect(rangeFilter(start, end)).toEqual({
      from: String(Date.UTC(2025, 8, 9, 6, 15) / 1000),
      to: String(Date.UTC(2025, 8, 9, 7, 30, 59) / 1000),
    });
    expect(rangeFilter(start, null).to).toBe('');
    expect(rangeFilter(null, end).from).toBe('');
  });

  it('reads epoch seconds back from the address bar, and ignores anything else', () => {
    expect(filterInstant('1757398557')).toBe(1_757_398_557_000);
    for (const value of [undefined, '', '-5', '1.5', 'yesterday', '9999999999999'])
      expect(filterInstant(value), String(value)).toBeNull();
  });
});

describe('alarm details', () => {
  it('reads the controller and the connection kind a device reported', () => {
    expect(
      alarmInfo({
        ip: '192.0.2.9',
        id: '987654321',
        name: 'support-box',
        conn_type: 'file_transfer',
        message: 'not allowed',
      }),
    ).toEqual({ id: '987654321', name: 'support-box', connType: 1, message: 'not allowed' });
  });

  it('keeps an unknown kind as its text and ignores values of the wrong type', () => {
    expect(alarmInfo({ id: 42, conn_type: 'hologram' })).toEqual({
      id: '',
      name: '',
      connType: 'hologram',
      message: '',
    });
    expect(alarmInfo({}).connType).toBeNull();
  });
});
