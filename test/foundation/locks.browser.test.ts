import { expect } from '@open-wc/testing';
import { LOCK_UNAVAILABLE, withLock } from '../../src/internal/locks.js';

const never = () => new Promise<never>(() => undefined);
const later = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
let counter = 0;
const uniqueName = () => `assent-test-lock-${Date.now()}-${counter++}`;

describe('withLock', () => {
  before(function () {
    if (!navigator.locks) {
      console.warn(
        'SKIPPED: this engine has no Web Locks (withLock runs unlocked there), so locking went unchecked',
      );
      this.skip();
    }
  });

  it('takes the lock from a holder that never lets go, after the wait', async () => {
    const name = uniqueName();
    let stuckReleased: Promise<unknown> | undefined;
    await new Promise<void>((held) => {
      stuckReleased = navigator.locks.request(name, () => (held(), never())).catch((error: Error) => error);
    });
    const result = await withLock(name, async () => 'signed', { stealAfterMs: 100 });
    expect(result).to.equal('signed');
    // The stuck holder learns it lost the lock (its request rejects with AbortError).
    expect(((await stuckReleased) as Error).name).to.equal('AbortError');
  });

  it('waits for a holder that lets go in time, without taking its lock', async () => {
    const name = uniqueName();
    const order: string[] = [];
    let holder: Promise<unknown> | undefined;
    await new Promise<void>((held) => {
      holder = navigator.locks.request(name, async () => {
        held();
        await later(50);
        order.push('holder done');
      });
    });
    await withLock(name, async () => void order.push('run'), { stealAfterMs: 5_000 });
    await holder;
    expect(order).to.deep.equal(['holder done', 'run']);
  });

  it('does not run twice when the run itself fails after the wait', async () => {
    const name = uniqueName();
    let runs = 0;
    const failing = async () => {
      runs++;
      await later(150);
      throw new DOMException('the storage call was aborted', 'AbortError');
    };
    const error = await withLock(name, failing, { stealAfterMs: 50 }).catch((caught: Error) => caught);
    expect((error as Error).name).to.equal('AbortError');
    expect(runs).to.equal(1);
  });

  it('answers LOCK_UNAVAILABLE at once with ifAvailable while another holds it', async () => {
    const name = uniqueName();
    let release!: () => void;
    await new Promise<void>((held) => {
      void navigator.locks.request(name, () => new Promise<void>((done) => ((release = done), held())));
    });
    expect(await withLock(name, async () => 'ran', { ifAvailable: true })).to.equal(LOCK_UNAVAILABLE);
    release();
  });
});
