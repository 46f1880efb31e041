import { test, expect } from '@playwright/test';
import JSZip from 'jszip';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** `npm test` runs `npm run zip` (the production flavour) before this suite. */
const outputDir = path.resolve('.output');
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

const apiHosts = ['https://www.googleapis.com/*', 'https://meet.googleapis.com/*', 'https://oauth2.googleapis.com/*', 'https://graph.microsoft.com/*', 'https://login.microsoftonline.com/*'];
/** The host sites the inline panel may run on and be framed by; nothing else is ever a content-script host. */
const panelSites = ['https://calendar.google.com/*', 'https://mail.google.com/*', 'https://outlook.office.com/*', 'https://outlook.office365.com/*', 'https://outlook.live.com/*'];

interface Allowlist {
  permissions: string[];
  /** What the manifest must say about Firefox, or that it says nothing. */
  gecko?: { id: string; strict_min_version: string };
}
const chromium: Allowlist = { permissions: ['identity', 'storage', 'offscreen'] };
const allowed: Record<'chrome' | 'edge' | 'firefox', Allowlist> = {
  chrome: chromium,
  edge: chromium,
  // Firefox's event-page background has a DOM, so MSAL needs no offscreen document there.
  firefox: { permissions: ['identity', 'storage'], gecko: { id: 'overlap@overlap.app', strict_min_version: '140.0' } },
};

const loopback = /127\.0\.0\.1|localhost/;
/** Names only the sandbox flavour carries: its client id, its extension ids, its entrypoints. */
const sandboxOnly = /overlapsandbox|pkcodgkijfojifnkmbgokhdfdjdelnlf|overlap-sandbox@|sandbox-probe/;

async function openZip(name: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(path.join(outputDir, name)));
}

async function textsOf(zip: JSZip): Promise<Map<string, string>> {
  const files = Object.values(zip.files).filter((entry) => !entry.dir);
  return new Map(await Promise.all(files.map(async (entry) => [entry.name, await entry.async('string')] as const)));
}

test.describe('the store packages', () => {
  test('npm run zip made one package per browser and the sources, and nothing else', () => {
    const zips = readdirSync(outputDir).filter((name) => name.endsWith('.zip')).sort();
    expect(zips).toEqual([`overlap-${version}-chrome.zip`, `overlap-${version}-edge.zip`, `overlap-${version}-firefox.zip`, `overlap-${version}-sources.zip`]);
  });

  for (const [browser, allowlist] of Object.entries(allowed)) {
    test(`the ${browser} package asks only for its allowed permissions and hosts, and holds no loopback host or sandbox-only file`, async () => {
      const files = await textsOf(await openZip(`overlap-${version}-${browser}.zip`));
      const manifest = JSON.parse(files.get('manifest.json') ?? '{}');

      expect(manifest.manifest_version).toBe(3);
      // The name and description are the browser's messages, in English and German.
      expect(manifest.name).toBe('__MSG_extName__');
      expect(manifest.default_locale).toBe('en');
      for (const language of ['en', 'de']) {
        const messages = JSON.parse(files.get(`_locales/${language}/messages.json`) ?? '{}');
        expect(messages.extName?.message).toBe('Overlap');
        expect(messages.extDescription?.message).toBeTruthy();
      }
      expect(manifest.permissions).toEqual(allowlist.permissions);
      expect(manifest.host_permissions).toEqual(apiHosts);
      expect(manifest.optional_permissions ?? []).toEqual([]);
      expect(manifest.optional_host_permissions ?? []).toEqual([]);
      for (const script of manifest.content_scripts ?? []) expect(panelSites).toEqual(expect.arrayContaining(script.matches));
      for (const resource of manifest.web_accessible_resources ?? []) expect(panelSites).toEqual(expect.arrayContaining(resource.matches));
      expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
      expect(Object.keys(manifest.icons ?? {})).toEqual(['16', '32', '48', '128']);
      for (const icon of Object.values<string>(manifest.icons)) expect(files.has(icon)).toBe(true);

      if (allowlist.gecko) {
        expect(manifest.browser_specific_settings.gecko).toMatchObject(allowlist.gecko);
        expect(manifest.background).toEqual({ scripts: ['background.js'] });
      } else {
        expect(manifest.browser_specific_settings).toBeUndefined();
        expect(manifest.background).toEqual({ service_worker: 'background.js' });
      }

      const offenders = [...files].filter(([name, text]) => loopback.test(text) || sandboxOnly.test(name) || sandboxOnly.test(text)).map(([name]) => name);
      expect(offenders).toEqual([]);
    });
  }

  test('the sources package holds what rebuilding the Firefox package needs and leaves out the tests and sandbox-only entrypoints', async () => {
    const files = await textsOf(await openZip(`overlap-${version}-sources.zip`));
    const names = [...files.keys()];
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'entrypoints/background/index.ts', 'public/icon/128.png']) expect(names).toContain(needed);
    // The sandbox flavour's settings stay (wxt.config.ts, lib/sandbox-endpoints.ts): the production build compiles them away.
    expect(names.filter((name) => name.startsWith('tests/') || name.endsWith('.test.ts') || name.includes('sandbox-probe') || name.startsWith('.output/') || name.startsWith('node_modules/') || name.startsWith('.env'))).toEqual([]);
  });
});
