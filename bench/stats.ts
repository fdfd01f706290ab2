/** Median of the values (undefined when there are none): robust to the odd slow run on a shared machine. */
export function median(values: number[]): number | undefined {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!finite.length) return undefined;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 ? finite[middle] : (finite[middle - 1]! + finite[middle]!) / 2;
}

/** A new random order, so no library always runs right after the same neighbour. */
export function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
