import { type RefusalReason, refusalMessage } from '../i18n/refusals.ts';

/**
 * A request refused for a reason a person can act on. `kind` says which, and decides the command
 * line's exit code (README, "Exit codes"); the reason is worded in the user's language at the edge.
 */
export type RefusalKind = 'refused' | 'usage' | 'not_found' | 'conflict';

export class Refused extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly reason: RefusalReason,
  ) {
    super(refusalMessage(reason, 'en'));
  }
}
