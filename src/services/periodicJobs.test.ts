import { describe, expect, it } from 'vitest';
import { fairOrganizations } from './periodicJobs.ts';

/** Fairness counted in work done per organization per tick, never in time. */
describe('fairOrganizations', () => {
  it('gives every organization its turn each tick, starting one further along each time', async () => {
    const each = fairOrganizations();
    const orgs = ['big', 'small-1', 'small-2'];
    const firsts: string[] = [];
    const perTick: Record<string, number>[] = [];
    for (let tick = 0; tick < 3; tick++) {
      const got: Record<string, number> = {};
      const { done } = await each(orgs, async (org) => {
        got[org] = (got[org] ?? 0) + 1;
      });
      firsts.push(done[0] as string);
      perTick.push(got);
    }
    expect(perTick).toEqual([
      { big: 1, 'small-1': 1, 'small-2': 1 },
      { big: 1, 'small-1': 1, 'small-2': 1 },
      { big: 1, 'small-1': 1, 'small-2': 1 },
    ]);
    expect(firsts).toEqual(['big', 'small-1', 'small-2']);
  });

  it('keeps going past an organization whose work fails, and says which', async () => {
    const logged: string[] = [];
    const each = fairOrganizations((line) => logged.push(line));
    const ran: string[] = [];
    const outcome = await each(['broken', 'a', 'b'], async (org) => {
      if (org === 'broken') throw new Error('its database rows are odd');
      ran.push(org);
    });
    expect(outcome).toEqual({ done: ['a', 'b'], failed: ['broken'] });
    expect(ran).toEqual(['a', 'b']);
    expect(logged).toEqual(['organization broken: its database rows are odd']);
  });
});
