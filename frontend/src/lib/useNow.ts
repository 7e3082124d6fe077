import { useEffect, useState } from 'react';

/** The time now, in epoch milliseconds, moving every `everyMs` (a countdown, "3 min ago"). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
