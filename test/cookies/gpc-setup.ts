// Chromium does not ship Global Privacy Control: define it before the library loads, as a GPC browser would.
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
