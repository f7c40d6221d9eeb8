import { describe, expect, it } from 'vitest';
import { RowOccurrences } from './rowOccurrences.ts';

describe('numbering identical rows of a file', () => {
  it('answers 1 for a text seen first, 2 for its second time, counting on across calls', () => {
    const seen = new RowOccurrences();
    try {
      expect(seen.number(['["A","TX",4]', '["B","TX",1]', '["A","TX",4]'])).toEqual([1, 1, 2]);
      expect(seen.number(['["A","TX",4]', '["A","CA",4]'])).toEqual([3, 1]);
      expect(seen.number([])).toEqual([]);
    } finally {
      seen.close();
    }
  });

  it('numbers the same file the same way every time', () => {
    const file = ['x', 'y', 'x', 'x', 'z', 'y'];
    const numbering = () => {
      const seen = new RowOccurrences();
      try {
        return seen.number(file);
      } finally {
        seen.close();
      }
    };
    expect(numbering()).toEqual([1, 1, 2, 3, 1, 2]);
    expect(numbering()).toEqual(numbering());
  });
});
