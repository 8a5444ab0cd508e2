import { describe, expect, it } from 'vitest';
import { tagColorCss } from './tag-colors';

describe('tag colours', () => {
  it('reads unsigned ARGB as the client writes it', () => {
    expect(tagColorCss(0xffff0000)).toBe('rgb(255, 0, 0)');
    expect(tagColorCss(0xff008000)).toBe('rgb(0, 128, 0)');
    expect(tagColorCss(4294901760)).toBe('rgb(255, 0, 0)');
  });

  it('reads a signed 32-bit value as the same colour', () => {
    expect(tagColorCss(-65536)).toBe('rgb(255, 0, 0)');
  });

  it('shows a colour without alpha as opaque, and keeps a partial alpha', () => {
    expect(tagColorCss(0x0000ff)).toBe('rgb(0, 0, 255)');
    expect(tagColorCss(0x800000ff)).toBe('rgba(0, 0, 255, 0.502)');
  });
});
