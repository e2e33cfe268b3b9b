/**
 * A real browser for the dashboard tests: Debian's chromium (/usr/bin/chromium), driven by
 * playwright-core. Screenshots go to one folder per run, printed so a person can look.
 */
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = Deno.env.get("TITAN_CHROMIUM") ?? "/usr/bin/chromium";

/** The flags that work in this container (no sandbox as root, no GPU, nothing phoning home). */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** The run's screenshot folder (not committed), made and printed once. */
let shotsDir: string | undefined;
export function screenshotDir(): string {
  if (!shotsDir) {
    shotsDir = Deno.makeTempDirSync({ prefix: "titan-dashboard-screenshots-" });
    console.log(`dashboard screenshots: ${shotsDir}`);
  }
  return shotsDir;
}

/** Save a screenshot of `page` under the run's folder; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = `${screenshotDir()}/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Collect the page's script errors: a test fails on any. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}
