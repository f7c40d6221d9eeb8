import { type RefusalReason, refusalMessage } from '../i18n/refusals.ts';

/** A mistake in what the user asked for: one line without a stack trace, exit code 2. */
export class UsageError extends Error {
  /** With a reason, the line is said in the user's language. */
  readonly reason: RefusalReason | undefined;
  constructor(what: string | RefusalReason) {
    super(typeof what === 'string' ? what : refusalMessage(what, 'en'));
    this.reason = typeof what === 'string' ? undefined : what;
  }
}
