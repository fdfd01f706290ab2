import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  recordAgreementDecision,
  withdrawDecision,
  type AgreementDecision,
  type AgreementDecisionResult,
  type WithdrawOptions,
} from '../consent/agreement-decision.js';
import type { OutboxState } from '../delivery/index.js';
import { loadDelivery, resumeDeliveryWhenIdle } from '../delivery/resume.js';

export interface DecisionsOptions {
  /** Resume what earlier pages left in the outbox once this page is idle (default true). */
  resumeWhenIdle?: boolean;
}

/**
 * How an element records a person's decision and gets its receipt on its way, without touching
 * storage, signing or delivery itself: the rule lives in `consent/agreement-decision.ts`; delivery (a
 * lazily loaded chunk the receipts layer does not import) loads alongside each decision, and resumes
 * what earlier pages left once the page is idle.
 */
export class DecisionsController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly options: DecisionsOptions = {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.options.resumeWhenIdle !== false) resumeDeliveryWhenIdle();
  }

  /** Records an agreement decision (receipt and agreement store); see `recordAgreementDecision`. */
  record(decision: AgreementDecision): Promise<AgreementDecisionResult> {
    void loadDelivery();
    return recordAgreementDecision(decision);
  }

  /** Withdraws an agreement or separate consent in one step; see `withdrawDecision`. */
  withdraw(receiptId: string, options: WithdrawOptions): ReturnType<typeof withdrawDecision> {
    void loadDelivery();
    return withdrawDecision(receiptId, options);
  }

  /** Receipts still in the outbox (`pending`) or given up on (`failed`), by id; the rest were delivered. */
  async deliveryStates(): Promise<Map<string, OutboxState>> {
    const { deliveryStates } = await import('../delivery/index.js');
    return deliveryStates();
  }
}
