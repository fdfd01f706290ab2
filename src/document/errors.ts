/** Why a policy document could not be turned into a `PolicyDocument`. */
export type PolicyDocumentErrorCode =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'fetch-failed'
  | 'timeout'
  | 'aborted'
  | 'content-type'
  | 'invalid-format'
  | 'no-dom'
  | 'sanitizer-failed';

/**
 * The one error type `src/document` throws. `code` is stable and machine-readable (elements map it to
 * an `assent-error` event and a localized message); `message` is for developers.
 */
export class PolicyDocumentError extends Error {
  readonly code: PolicyDocumentErrorCode;

  constructor(code: PolicyDocumentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PolicyDocumentError';
    this.code = code;
  }
}
