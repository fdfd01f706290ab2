// Puppeteer must never download its own browser: tests use Debian's Firefox ESR and Chromium.
module.exports = { skipDownload: true };
