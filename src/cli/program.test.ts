import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.ts';

/** Every command with its path: "puente", "puente storefront", "puente storefront set", … */
function walk(command: Command, path: string[] = []): { path: string; command: Command }[] {
  const here = [...path, command.name()];
  return [{ path: here.join(' '), command }, ...command.commands.flatMap((c) => walk(c, here))];
}

describe('puente --help', () => {
  const commands = walk(buildProgram('en'));

  it('describes every command and subcommand', () => {
    const undescribed = commands.filter(({ command }) => command.description().trim() === '');
    expect(undescribed.map((c) => c.path)).toEqual([]);
  });

  it('walks the whole tree, subcommands of subcommands included', () => {
    expect(commands.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        'puente return',
        'puente storefront set',
        'puente alerts ack',
        'puente import orders',
        'puente warehouse list',
      ]),
    );
  });
});
