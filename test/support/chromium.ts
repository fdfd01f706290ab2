import { chromium, type Browser } from 'playwright-core';

import chromiumFlags from './chromium-flags.json';

/** Flags Debian's Chromium needs here: as root, headless, and no calls home on a closed network. */
export const CHROMIUM_ARGS: readonly string[] = chromiumFlags;

/** Launches Debian's Chromium through playwright-core (which never downloads a browser of its own). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
