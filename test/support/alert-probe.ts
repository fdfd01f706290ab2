/**
 * Counts `alert()` calls while the calling suite runs: the XSS payloads call it when they execute.
 * Call inside a mocha `describe`.
 */
export function probeAlerts(): { readonly fired: number } {
  const probe = { fired: 0 };
  const originalAlert = window.alert;
  before(() => {
    window.alert = () => {
      probe.fired++;
    };
  });
  after(() => {
    window.alert = originalAlert;
  });
  return probe;
}
