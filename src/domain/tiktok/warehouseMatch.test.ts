import { describe, expect, it } from 'vitest';
import { stateKey } from './usStates.ts';
import { matchWarehouses } from './warehouseMatch.ts';

describe('matching Puente warehouses to a shop’s TikTok warehouses', () => {
  it('names a state by name or code alike', () => {
    expect(['Texas', ' texas ', 'TX', 'tx'].map(stateKey)).toEqual(['TX', 'TX', 'TX', 'TX']);
    expect(stateKey('New  York')).toBe('NY');
    expect(stateKey('Jalisco')).toBe('JALISCO');
    expect(stateKey(null)).toBeNull();
  });

  it('pairs Texas with TX and California with CA', () => {
    const pairs = matchWarehouses(
      [
        { id: 'tx', state: 'TX', postalCode: null },
        { id: 'ca', state: 'CA', postalCode: null },
      ],
      [
        { id: 't1', state: 'Texas', postalCode: '75241' },
        { id: 't2', state: 'California', postalCode: '91761' },
      ],
    );
    expect(pairs).toEqual([
      { tiktokId: 't1', puenteId: 'tx', by: 'state' },
      { tiktokId: 't2', puenteId: 'ca', by: 'state' },
    ]);
  });

  it('tells two warehouses in one state apart by postal code, and leaves the rest to a person', () => {
    const pairs = matchWarehouses(
      [
        { id: 'dallas', state: 'TX', postalCode: '75241-1234' },
        { id: 'houston', state: 'TX', postalCode: null },
        { id: 'laredo', state: 'TX', postalCode: null },
      ],
      [
        { id: 't-dallas', state: 'Texas', postalCode: '75241' },
        { id: 't-houston', state: 'Texas', postalCode: '77001' },
        { id: 't-laredo', state: 'Texas', postalCode: '78040' },
      ],
    );
    expect(pairs).toEqual([{ tiktokId: 't-dallas', puenteId: 'dallas', by: 'postal_code' }]);
  });

  it('pairs the one left in a state once the postal codes have paired the others', () => {
    const pairs = matchWarehouses(
      [
        { id: 'dallas', state: 'TX', postalCode: '75241' },
        { id: 'houston', state: 'TX', postalCode: null },
      ],
      [
        { id: 't-dallas', state: 'TX', postalCode: '75241' },
        { id: 't-houston', state: 'Texas', postalCode: '77001' },
      ],
    );
    expect(pairs).toEqual([
      { tiktokId: 't-dallas', puenteId: 'dallas', by: 'postal_code' },
      { tiktokId: 't-houston', puenteId: 'houston', by: 'state' },
    ]);
  });

  it('maps nothing when a state has one TikTok warehouse and two Puente warehouses', () => {
    expect(
      matchWarehouses(
        [
          { id: 'a', state: 'TX', postalCode: null },
          { id: 'b', state: 'Texas', postalCode: null },
        ],
        [{ id: 't', state: 'TX', postalCode: '75241' }],
      ),
    ).toEqual([]);
  });
});
