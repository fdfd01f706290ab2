/**
 * Receipts an earlier page left in the outbox (the person decided just before leaving, or the backend
 * was down) are sent without waiting for a new decision. Delivery is a lazily loaded chunk: it loads
 * once the page is idle, once per page whichever elements ask.
 */
import { SCRIPT_EXTRAS, extrasModule } from '../internal/extras.js';
import { shared } from '../internal/global.js';
import { whenIdle } from '../internal/idle.js';

type CourierModule = typeof import('./courier.js');

/** The courier module: its own chunk in ESM, part of the extras script in the banner script. */
function courierModule(): Promise<CourierModule> {
  return SCRIPT_EXTRAS ? extrasModule<CourierModule>('courier') : import('./courier.js');
}

/**
 * Loads delivery: from then on its courier tracks and sends every receipt stored. Whoever records a
 * decision loads it alongside the receipts layer (which never imports delivery itself).
 */
export function loadDelivery(): Promise<void> {
  return courierModule().then(
    () => undefined,
    () => {
      // The chunk did not load (offline, CSP): receipts wait in the outbox for the next page.
    },
  );
}

/**
 * Loads delivery and resumes it once the page is idle (at most 5 s later). `when` is asked at that
 * moment: the banner resumes only for visitors who decided at some point, so that nobody else's page
 * view opens the outbox.
 */
export function resumeDeliveryWhenIdle(when: () => boolean = () => true): void {
  if (typeof window === 'undefined') return;
  shared('delivery:resume-when-idle', () => {
    whenIdle(() => {
      if (!when()) return;
      courierModule()
        .then(({ getCourier }) => getCourier().start())
        .catch(() => {
          // As in loadDelivery: the next decision loads it again.
        });
    });
    return true;
  });
}
