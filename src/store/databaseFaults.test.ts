import { describe, expect, it } from 'vitest';
import { DatabaseUnavailable, faultOf, retryReason, TransactionRaced } from './databaseFaults.ts';
import { DEFAULT_TIMEOUTS, TOOL_RETRY_MS, TOOL_SQLITE_BUSY_MS, timeoutsFrom } from './openDatabase.ts';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('what a database error says about the database', () => {
  it('a full disk, on either engine or in a file write', () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', '53100', 'ENOSPC'])
      expect([code, faultOf(coded(code))]).toEqual([code, 'full']);
  });

  it('busy: locks, conflicts, timeouts of a statement', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_LOCKED',
      '40P01',
      '40001',
      '55P03',
      '57014',
      '53200', // out_of_memory: passes with the load
    ])
      expect([code, faultOf(coded(code))]).toEqual([code, 'busy']);
    expect(faultOf(new TransactionRaced())).toBe('busy');
  });

  it('unavailable: a connection refused, terminated, timed out, or a database gone', () => {
    for (const code of ['57P01', '57P03', '53300', '08006', '3D000', 'ECONNREFUSED', 'ECONNRESET'])
      expect([code, faultOf(coded(code))]).toEqual([code, 'unavailable']);
    expect(faultOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(faultOf(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(faultOf(new Error('Query read timeout'))).toBe('unavailable');
    expect(
      faultOf(new DatabaseUnavailable(coded('55000', 'database "x" is not currently accepting connections'))),
    ).toBe('unavailable');
    expect(faultOf(new Error('wrapped', { cause: coded('57P01') }))).toBe('unavailable');
  });

  it('anything else is not the database’s fault: a unique violation, a bug', () => {
    expect(faultOf(coded('23505'))).toBe(null);
    expect(faultOf(coded('SQLITE_CONSTRAINT_CHECK'))).toBe(null);
    expect(faultOf(new TypeError('x is undefined'))).toBe(null);
  });

  it('only conflicts are retried by the transaction helper; an unreachable database is not', () => {
    expect(['40P01', '40001', 'SQLITE_BUSY', '57P01', '53100'].map((c) => retryReason(coded(c)))).toEqual([
      'deadlock',
      'serialization',
      'busy',
      null,
      null,
    ]);
    expect(retryReason(new TransactionRaced())).toBe('raced');
  });
});

describe('database time limits', () => {
  it('have documented defaults; a command waits longer for a busy database than a server', () => {
    expect(timeoutsFrom({})).toEqual(DEFAULT_TIMEOUTS);
    expect(timeoutsFrom({}, false).retryMs).toBe(TOOL_RETRY_MS);
    expect(timeoutsFrom({}, false).sqliteBusyMs).toBe(TOOL_SQLITE_BUSY_MS);
  });

  it('are set by environment variables in milliseconds, and refuse anything else', () => {
    expect(
      timeoutsFrom({ PUENTE_DB_STATEMENT_TIMEOUT_MS: '5000', PUENTE_DB_RETRY_MS: '800' }, false),
    ).toEqual({
      ...DEFAULT_TIMEOUTS,
      statementMs: 5_000,
      retryMs: 800,
      sqliteBusyMs: TOOL_SQLITE_BUSY_MS,
    });
    expect(() => timeoutsFrom({ PUENTE_DB_LOCK_TIMEOUT_MS: '10s' })).toThrow(
      'PUENTE_DB_LOCK_TIMEOUT_MS=10s: give a whole number of milliseconds',
    );
  });
});
