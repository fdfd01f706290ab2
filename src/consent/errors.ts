/** Codes of the errors the receipts layer rejects with (also used as `assent-error` codes). */
export type ReceiptErrorCode =
  | 'insecure-context'
  | 'invalid-decision'
  | 'invalid-config'
  | 'provider-failed'
  | 'signing-failed'
  | 'storage-failed';

/** A typed rejection of `recordDecision` and friends; `code` is stable, `message` is for developers. */
export class ReceiptError extends Error {
  override readonly name = 'ReceiptError';
  constructor(
    readonly code: ReceiptErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
