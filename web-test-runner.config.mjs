// Browser tests in real engines. ENGINE picks one: chromium (default), firefox, webkit.
// scripts/test.mjs runs each installed engine in turn and sums the counts this reporter writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { defaultReporter } from '@web/test-runner';

// The same flags as the Node-side launcher (test/support/chromium.ts): as root, headless, no calls home.
const CHROMIUM_ARGS = createRequire(import.meta.url)('./test/support/chromium-flags.json');

const engine = process.env.ENGINE ?? 'chromium';

function browsers() {
  if (engine === 'firefox') {
    return [
      puppeteerLauncher({
        launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
      }),
    ];
  }
  if (engine === 'webkit') {
    // WebKitWebDriver and Xvfb are started (and stopped) by scripts/test.mjs.
    return [
      webdriverLauncher({
        automationProtocol: 'webdriver',
        hostname: '127.0.0.1',
        port: Number(process.env.WEBKIT_DRIVER_PORT ?? 4445),
        capabilities: {
          browserName: 'MiniBrowser',
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': {
            binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
            // No page cache: a test page kept alive in it can still hold the Web Locks and database
            // connections the next test file's page waits for (receipts stalled after earlier files).
            args: ['--automation', '--enable-page-cache=false'],
          },
        },
      }),
    ];
  }
  return [
    chromeLauncher({
      // Each test file in its own browser context: files run two at a time and must not share cookies,
      // storage or focus.
      createPage: ({ browser }) => browser.createBrowserContext().then((context) => context.newPage()),
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ];
}

/**
 * @web/test-runner-commands' setViewport supports only puppeteer and playwright. For WebDriver
 * (WebKitGTK) this resizes the window so the page's viewport gets the asked size. The default plugin
 * comes first in the plugin list, so its handler is wrapped rather than preceded.
 */
function webdriverViewport() {
  return {
    name: 'webdriver-viewport',
    serverStart({ config }) {
      const plugin = config.plugins.find((candidate) => candidate.name === 'set-viewport-command');
      if (!plugin) return;
      const original = plugin.executeCommand.bind(plugin);
      plugin.executeCommand = async (args) => {
        const { command, payload, session } = args;
        if (command !== 'set-viewport' || session.browser.type !== 'webdriver') return original(args);
        const driver = session.browser.driver;
        await driver.setWindowSize(payload.width, payload.height);
        // The window includes the browser's own chrome: grow it by the difference once measured.
        const [innerWidth, innerHeight] = await driver.execute(() => [window.innerWidth, window.innerHeight]);
        const width = payload.width + (payload.width - innerWidth);
        const height = payload.height + (payload.height - innerHeight);
        if (width !== payload.width || height !== payload.height) await driver.setWindowSize(width, height);
        return true;
      };
    },
  };
}

/**
 * A request log for the security tests: a request to `/__probe/<key>/…` is counted and logged (method,
 * cookie, `X-Host-Secret`; a `.js` probe pushes its key to `self.__probesRan`), and
 * `GET /__probe-log/<key>` answers what the server saw. A test names a resource it
 * must never load (an image in a policy, a script nobody allowed) and asks the server afterwards.
 */
function requestProbe() {
  const seen = new Map();
  return {
    name: 'request-probe',
    serve(context) {
      const probe = /^\/__probe\/([\w-]+)\//.exec(context.path);
      if (probe) {
        const requests = seen.get(probe[1]) ?? [];
        const { cookie, 'x-host-secret': secret } = context.request.headers;
        requests.push({ method: context.method, cookie: cookie ?? null, secret: secret ?? null });
        seen.set(probe[1], requests);
        // A script probe also says in the page that it ran.
        return context.path.endsWith('.js')
          ? { body: `(self.__probesRan ??= []).push(${JSON.stringify(probe[1])});`, type: 'js' }
          : { body: 'probe', type: 'text/plain' };
      }
      const log = /^\/__probe-log\/([\w-]+)$/.exec(context.path);
      if (log) {
        const requests = seen.get(log[1]) ?? [];
        return {
          body: JSON.stringify({ requests: requests.length, log: requests }),
          type: 'application/json',
        };
      }
      return undefined;
    },
  };
}

/** Writes `{ passed, failed, skipped }` for this engine so the test script can print one total line. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0, sessionErrors: 0 };
      const walk = (suite) => {
        for (const test of suite?.tests ?? []) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite?.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        walk(session.testResults);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.sessionErrors++;
      }
      counts.failed += counts.sessionErrors;
      mkdirSync('.test-results', { recursive: true });
      writeFileSync(`.test-results/wtr-${engine}.json`, JSON.stringify(counts));
    },
  };
}

export default {
  files: process.env.WTR_FILES ? process.env.WTR_FILES.split(',') : ['test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    webdriverViewport(),
    requestProbe(),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
  ],
  browsers: browsers(),
  concurrency: engine === 'chromium' ? 2 : 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 180000,
  // WebKitGTK runs through WebDriver and a nested X server: the same test takes it two to three times
  // as long, and a shared machine's load stretches that further.
  testFramework: { config: { timeout: engine === 'webkit' ? 20000 : 10000 } },
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countingReporter()],
};
