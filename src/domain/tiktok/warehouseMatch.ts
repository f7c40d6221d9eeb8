import { stateKey } from './usStates.ts';

/**
 * Which Puente warehouse stands for which TikTok warehouse, when it can be told without asking
 * (issue 11: "map automatically when the state or postal code matches one-to-one"). A pair is made
 * only when nothing else could claim either side: first by postal code (ZIP+4 and spaces ignored),
 * then, among those left, by state (Texas = TX). Anything ambiguous stays unmapped for a person.
 */
export interface PuenteSide {
  id: string;
  state: string | null;
  postalCode: string | null;
}

export interface TikTokSide {
  id: string;
  state: string | null;
  postalCode: string | null;
}

export interface WarehousePair {
  tiktokId: string;
  puenteId: string;
  by: 'postal_code' | 'state';
}

const zip = (p: string | null) => (p ? p.replace(/\s+/g, '').split('-')[0]?.toUpperCase() || null : null);

export function matchWarehouses(puente: PuenteSide[], tiktok: TikTokSide[]): WarehousePair[] {
  const pairs: WarehousePair[] = [];
  let freeP = [...puente];
  let freeT = [...tiktok];
  for (const [by, key] of [
    ['postal_code', (w: PuenteSide | TikTokSide) => zip(w.postalCode)],
    ['state', (w: PuenteSide | TikTokSide) => stateKey(w.state)],
  ] as const) {
    const made: WarehousePair[] = [];
    for (const t of freeT) {
      const k = key(t);
      if (!k) continue;
      const ps = freeP.filter((p) => key(p) === k);
      const ts = freeT.filter((o) => key(o) === k);
      const [p] = ps;
      if (p && ps.length === 1 && ts.length === 1) made.push({ tiktokId: t.id, puenteId: p.id, by });
    }
    pairs.push(...made);
    freeP = freeP.filter((p) => !made.some((m) => m.puenteId === p.id));
    freeT = freeT.filter((t) => !made.some((m) => m.tiktokId === t.id));
  }
  return pairs;
}
