// Opens a page in Debian's headless Chromium (playwright-core drives it), collecting console
// errors and saving a screenshot.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** CI installs Chromium (.ci/run); elsewhere the browser tests run when it is there. */
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs it with apt-get`);

/** A rendered chart's data attributes (data-y-max, data-series), by element id. */
export type ChartAttributes = Record<string, Record<string, string>>;

export async function openPage(file: string, screenshot: string): Promise<{ errors: string[]; charts: number; canvases: number; text: string; chartAttributes: ChartAttributes }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    // Any request leaving the page is an error: it must open offline.
    await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : (errors.push(`network request: ${route.request().url()}`), route.abort())));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-charts]', { state: 'attached', timeout: 10_000 });
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    return {
      errors,
      charts: Number(await page.getAttribute('body', 'data-charts')),
      canvases: await page.locator('canvas').count(),
      text: await page.innerText('body'),
      chartAttributes: Object.fromEntries(await page.locator('[data-rendered]').evaluateAll((els: { id: string; dataset: Record<string, string> }[]) => els.map((el) => [el.id, { ...el.dataset }]))) as ChartAttributes,
    };
  } finally {
    await browser.close();
  }
}

export interface Box {
  left: number;
  right: number;
  textAlign: string;
}

/** Where every element matching `selector` sits at a viewport `width` px wide, and how wide the page scrolls. */
export async function layoutAt(file: string, width: number, selector: string, screenshot: string): Promise<{ boxes: Box[]; scrollWidth: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`file://${file}`);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    const boxes = await page.locator(selector).evaluateAll((els) => els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, textAlign: el.ownerDocument.defaultView?.getComputedStyle(el).textAlign ?? '' };
    }));
    const scrollWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
    return { boxes, scrollWidth };
  } finally {
    await browser.close();
  }
}
