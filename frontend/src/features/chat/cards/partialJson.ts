/**
 * The longest whole prefix of JSON cut short (the event's 4,000 characters, or a tool's own cap
 * with its "[cut: …]" note): the values before the cut, their arrays and objects closed. A cut
 * aggregate still draws its first series; a cut trace its first spans.
 */
export function parsePartialJson(text: string): unknown {
  const body = text.replace(/\s*\[cut: [^\]]*\]\s*$/, '').replace(/…$/, '');
  const closers: string[] = [];
  let inString = false;
  let escaped = false;
  let best: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (char === '\\') {
        escaped = true;
      } else if (char === '"') {
        inString = false;
      }
      continue;
    }
    if (char === '"') {
      inString = true;
    } else if (char === '{') {
      closers.push('}');
    } else if (char === '[') {
      closers.push(']');
    } else if (char === '}' || char === ']') {
      closers.pop();
      best = body.slice(0, i + 1) + [...closers].reverse().join('');
    } else if (char === ',') {
      best = body.slice(0, i) + [...closers].reverse().join('');
    }
  }
  if (best === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(best);
  } catch {
    return undefined;
  }
}
