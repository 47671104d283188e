import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, type PageProblems } from './chromium.js';
import { FixedCostStt, FixedCostTts } from './fixed-cost-engines.js';
import { startTestHub, type TestHub } from './hub-harness.js';

export const JFK_WAV = join(new URL('../../../shared/', import.meta.url).pathname, 'audio', 'jfk.wav');

export type PageRig = {
  hub: TestHub;
  browser: Browser;
  page: Page;
  problems: PageProblems;
  dispose(): Promise<void>;
};

/**
 * The page's browser tests' common ground: a test hub whose sessions run the stand-in CLI, with
 * fixed-cost engines (the person always says "sounds good"), and chromium with jfk.wav as its
 * microphone, on the hub's page.
 */
export async function startPageRig(): Promise<PageRig> {
  const hub = await startTestHub({
    engines: { tts: new FixedCostTts(20), stt: new FixedCostStt('sounds good') },
  });
  const browser = await launchChromium({ micWav: JFK_WAV });
  const { page, problems } = await openPage(browser, hub.loginUrl());
  return {
    hub,
    browser,
    page,
    problems,
    async dispose() {
      await browser.close();
      await hub.dispose();
    },
  };
}
