import { useState } from 'react';

/**
 * The busy flag and error of one form: `run(work)` clears the error, is busy while `work` runs and
 * keeps what it threw, for the form to show.
 */
export function useSubmit() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
