/** Nearest known ids to a mistyped one, for "did you mean" hints (Levenshtein distance + substring match). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

export function suggest(input: string, known: readonly string[], max = 5): string[] {
  const q = input.toLowerCase();
  const scored = known.map((k) => {
    const key = k.toLowerCase();
    let d = editDistance(q, key);
    if (key.includes(q) || q.includes(key)) d = Math.min(d, Math.abs(key.length - q.length) * 0.5);
    return { k, d };
  });
  const limit = Math.max(3, Math.ceil(q.length * 0.5));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, max)
    .map((s) => s.k);
}
