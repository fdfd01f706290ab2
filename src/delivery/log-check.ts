/**
 * Checks a receiver's answer against its transparency log: the signed tree head (by the key first
 * seen from this endpoint), the inclusion of the receipt just sent, and the consistency of the new
 * head with the last one this browser verified. A receiver that rewrote its history (dropped or
 * replaced a receipt) cannot pass all three. Answers without a tree head come from backends without
 * a log and are accepted as before, unless this endpoint has shown a log already.
 */
import { verifyConsistency, verifyInclusion, verifyTreeHead } from '../verify/index.js';
import type { TreeHeadRecord } from '../internal/store.js';

export type LogCheck =
  /** The backend keeps no log (and never showed one to this browser). */
  | { kind: 'no-log' }
  /** Every proof held: `head` is the endpoint's new last verified head. */
  | { kind: 'verified'; head: TreeHeadRecord }
  | { kind: 'inconsistent'; message: string };

interface LogAnswer {
  leafIndex?: unknown;
  treeHead?: unknown;
  inclusionProof?: unknown;
  consistencyProof?: unknown;
}

const inconsistent = (message: string): LogCheck => ({ kind: 'inconsistent', message });

/** The endpoint as one key whatever relative form the page used. */
export function endpointKey(endpoint: string): string {
  try {
    return new URL(endpoint, typeof location !== 'undefined' ? location.href : undefined).href;
  } catch {
    return endpoint;
  }
}

/**
 * `jws` is the receipt exactly as sent, `answer` the parsed JSON body of the 2xx answer (or
 * undefined), `known` the last verified head of `endpoint` (its size went out with the request in
 * the `Assent-Known-Tree-Size` header).
 */
export async function checkLogAnswer(
  endpoint: string,
  jws: string,
  answer: unknown,
  known: TreeHeadRecord | undefined,
): Promise<LogCheck> {
  const body: LogAnswer = typeof answer === 'object' && answer !== null ? (answer as LogAnswer) : {};
  if (body.treeHead === undefined) {
    // Going quiet does not hide a rewrite: once an endpoint showed a log, it must keep showing it.
    return known
      ? inconsistent('The answer carries no tree head, but this endpoint keeps a log.')
      : { kind: 'no-log' };
  }
  if (typeof body.treeHead !== 'string') return inconsistent("The answer's tree head is not a compact JWS.");
  const verified = await verifyTreeHead(body.treeHead, known ? { receiverKid: known.kid } : {});
  if (!verified.ok)
    return inconsistent(`The tree head does not verify (${verified.reason}): ${verified.message}`);
  const { head } = verified;
  const included = verifyInclusion({
    jws,
    leafIndex: body.leafIndex as number,
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    proof: body.inclusionProof as string[],
  });
  if (!included.ok) return inconsistent(`The receipt is not shown in the signed tree: ${included.message}`);
  if (known) {
    if (head.treeSize < known.treeSize) {
      return inconsistent(`The log went back from ${known.treeSize} to ${head.treeSize} leaves.`);
    }
    const consistent = verifyConsistency({
      first: known.treeSize,
      second: head.treeSize,
      firstRoot: known.rootHash,
      secondRoot: head.rootHash,
      proof: (body.consistencyProof ?? (head.treeSize === known.treeSize ? [] : undefined)) as string[],
    });
    if (!consistent.ok) {
      return inconsistent(
        `The tree of ${head.treeSize} leaves does not extend the one of ${known.treeSize} seen before: ${consistent.message}`,
      );
    }
  }
  return {
    kind: 'verified',
    head: {
      endpoint,
      kid: verified.kid,
      treeSize: head.treeSize,
      rootHash: head.rootHash,
      timestamp: head.timestamp,
      jws: body.treeHead,
      verifiedAt: Date.now(),
    },
  };
}
