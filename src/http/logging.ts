import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';

/**
 * The server's log. Always on: a 5xx answer says "it has been logged", so failures (5xx, and the
 * unexpected) are written at warn level or above whatever the options, as JSON lines on stderr.
 * `--log` adds every request at info level, on stdout as before.
 */

/** Where the log goes instead of stdout/stderr (tests read it). */
export interface LogSink {
  write(line: string): void;
}

/** Never written out: credentials in headers, and any field named like a secret. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-puente-signature"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'connectionString',
  '*.connectionString',
  // Node's invalid-URL error carries the URL it was given, a database URL's password with it.
  'err.input',
];

/** The password of a `scheme://user:password@host` URL inside a message or stack. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi;

export const maskUrlPasswords = (text: string) => text.replace(URL_PASSWORD, '$1***@');

/** pino's error serializer, with database URL passwords masked in the message and the stack. */
function errorSerializer(error: Error) {
  const out = pino.stdSerializers.err(error);
  return { ...out, message: maskUrlPasswords(out.message), stack: maskUrlPasswords(out.stack) };
}

export function loggerOptions(o: { log?: boolean; logTo?: LogSink }): FastifyServerOptions['logger'] {
  return {
    level: o.log ? 'info' : 'warn',
    stream: o.logTo ?? (o.log ? process.stdout : process.stderr),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorSerializer },
  };
}
