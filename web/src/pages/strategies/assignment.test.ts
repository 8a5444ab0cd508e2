import { describe, expect, it } from 'vitest';
import {
  assignRequest,
  deviceOwnStrategy,
  ownStrategyOf,
  requestSize,
  selectedCount,
  type TargetSelection,
  unassignRequest,
} from './assignment';

const selection: TargetSelection = {
  devices: [
    { guid: 'd1', ownStrategy: 'Office' },
    { guid: 'd2', ownStrategy: null },
    { guid: 'd3', ownStrategy: 'Lab' },
    { guid: 'd1', ownStrategy: 'Office' },
  ],
  users: [{ guid: 'u1', ownStrategy: 'Office' }],
  deviceGroups: [{ guid: 'g1', ownStrategy: null }],
};

describe('assignment requests', () => {
  it('gives the strategy to every selected target once, with all three lists present', () => {
    expect(assignRequest('s1', selection)).toEqual({
      strategy: 's1',
      peers: ['d1', 'd2', 'd3'],
      users: ['u1'],
      groups: ['g1'],
    });
    expect(assignRequest('s1', { devices: [], users: [], deviceGroups: [] })).toEqual({
      strategy: 's1',
      peers: [],
      users: [],
      groups: [],
    });
  });

  it('takes the strategy away only from targets that carry it themselves, without a strategy key', () => {
    const request = unassignRequest('Office', selection);
    expect(request).toEqual({ peers: ['d1'], users: ['u1'], groups: [] });
    expect('strategy' in request).toBe(false);
    expect(requestSize(request)).toBe(2);
    expect(requestSize(unassignRequest('Nowhere', selection))).toBe(0);
  });

  it('counts the selection across the three kinds', () => {
    expect(selectedCount(selection)).toBe(6);
    expect(selectedCount({ devices: [], users: [], deviceGroups: [] })).toBe(0);
  });

  it("reads a device's own strategy from the list's strategy in effect and its source", () => {
    expect(deviceOwnStrategy({ strategy_name: 'Office', strategy_source: 'device' })).toBe('Office');
    expect(deviceOwnStrategy({ strategy_name: 'Office', strategy_source: 'user' })).toBeNull();
    expect(deviceOwnStrategy({ strategy_name: null, strategy_source: null })).toBeNull();
    expect(ownStrategyOf({ strategy_name: '' })).toBeNull();
    expect(ownStrategyOf({ strategy_name: null })).toBeNull();
    expect(ownStrategyOf({ strategy_name: 'Lab' })).toBe('Lab');
  });
});
