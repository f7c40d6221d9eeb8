// Worker threads do not inherit the main thread's TypeScript loader: register it here too.
import { register } from 'tsx/esm/api';

register();
await import('./checkWorker.ts');
