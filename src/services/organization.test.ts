import { describe, expect, it } from 'vitest';
import { chooseOrganization, type OrganizationChoiceRow } from './organization.ts';
import { Refused } from './refused.ts';

/**
 * Which organization a command acts on (--org, PUENTE_ORG): what a person would type finds it,
 * and anything that could be a guess is refused with a reason the command line says in one line.
 */

const org = (id: string, name: string, disabled_at: string | null = null): OrganizationChoiceRow => ({
  id,
  name,
  disabled_at,
});
const shop = org('4b5e6ee1-d320-48c4-8e67-689362eb922e', 'My shop');
const acme = org('c871256c-0152-4502-957d-ee09b652ddcb', 'Acme MX');
const shenzhen = org('c8a0aa8e-7d49-4d6f-a4c1-2d1b7e0c9f11', '深圳 贸易');
const install = [shop, acme, shenzhen];

/** The refusal's kind (it decides the exit code) and reason key, or the organization's name. */
function choose(organizations: OrganizationChoiceRow[], wanted: string | undefined): string {
  try {
    return chooseOrganization(organizations, wanted).name;
  } catch (e) {
    if (e instanceof Refused) return `${e.kind}: ${e.reason.key}`;
    throw e;
  }
}

describe('chooseOrganization', () => {
  it('takes the only organization when none is asked for, as a laptop install always has', () => {
    expect(choose([shop], undefined)).toBe('My shop');
    expect(choose([shop], '  ')).toBe('My shop');
  });

  it('refuses to guess among several (a usage error naming --org)', () => {
    expect(choose(install, undefined)).toBe('usage: organization_required');
  });

  it('finds an organization by its id, in any case', () => {
    expect(choose(install, acme.id)).toBe('Acme MX');
    expect(choose(install, acme.id.toUpperCase())).toBe('Acme MX');
  });

  it('finds one by its name in any case, or written with dashes for spaces', () => {
    expect(choose(install, 'acme mx')).toBe('Acme MX');
    expect(choose(install, ' ACME MX ')).toBe('Acme MX');
    expect(choose(install, 'acme-mx')).toBe('Acme MX');
    expect(choose(install, '深圳-贸易')).toBe('深圳 贸易');
  });

  it('finds one by the first characters of its id, from four on', () => {
    expect(choose(install, '4b5e')).toBe('My shop');
    expect(choose(install, 'c871256c')).toBe('Acme MX');
    expect(choose(install, 'c8')).toBe('not_found: no_organization');
    expect(choose(install, 'c8a0')).toBe('深圳 贸易');
  });

  it('says which way of naming is ambiguous', () => {
    const twins = [acme, org('5d1c2b7a-0000-4000-8000-000000000000', 'acme mx')];
    expect(choose(twins, 'Acme-MX')).toBe('usage: organization_name_ambiguous');
    const alike = [
      org('abcd1111-0000-4000-8000-000000000000', 'A'),
      org('abcd2222-0000-4000-8000-000000000000', 'B'),
    ];
    expect(choose(alike, 'abcd')).toBe('usage: organization_id_ambiguous');
  });

  it('refuses an unknown organization as not found', () => {
    expect(choose(install, 'Globex')).toBe('not_found: no_organization');
    expect(choose([shop], 'Globex')).toBe('not_found: no_organization');
  });

  it('refuses a disabled organization as a conflict: its data stays, nothing acts on it', () => {
    const disabled = org(acme.id, acme.name, '2026-11-30T10:00:00.000Z');
    expect(choose([shop, disabled], 'acme-mx')).toBe('conflict: organization_disabled_cli');
  });
});
